// SPDX-License-Identifier: MIT
/*
 * Command-line tokenizer. One scanner serves the three splitters: it walks a string,
 * tracks whether it is inside double quotes, and cuts at a separator found outside them.
 * Quotes around a value are removed; quotes inside a word are kept out of the value.
 */
#include "lib/cmdline.h"
#include "lib/errno.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Cut the next token from *pos at an unquoted separator (sep, or any space when sep is
 * 0), removing the quote characters. Returns the token start, or NULL at the end.
 * *unterminated is set when the string ended inside quotes.
 */
static char *next_token(char **pos, char sep, bool *unterminated)
{
	char *s = *pos, *w;
	bool quoted = false;

	if (!sep)
		while (is_space(*s))
			s++;
	if (!*s) {
		*pos = s;
		return NULL;
	}
	char *start = s;

	w = s;
	for (; *s; s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (sep ? *s == sep : is_space(*s)))
			break;
		*w++ = *s;
	}
	*unterminated = quoted;
	*pos = *s ? s + 1 : s;
	*w = 0;
	return start;
}

int cmdline_parse(char *buf, struct cmdline_param *out, int max, int *err, int *bad_at)
{
	char *pos = buf;
	int n = 0;

	if (err)
		*err = 0;

	for (;;) {
		bool open = false;
		char *at = pos;

		while (is_space(*at))
			at++;
		char *tok = next_token(&pos, 0, &open);

		if (!tok)
			return n;
		if (open) {
			if (bad_at)
				*bad_at = (int)(at - buf);
			if (err)
				*err = -EINVAL;
			return n;
		}
		if (n == max) {
			if (err)
				*err = -E2BIG;
			return n;
		}
		char *eq = tok;

		while (*eq && *eq != '=')
			eq++;
		out[n].key = tok;
		out[n].value = NULL;
		if (*eq) {
			*eq = 0;
			out[n].value = eq + 1;
		}
		n++;
	}
}

static char *trim(char *s)
{
	while (is_space(*s))
		s++;
	char *e = s;

	while (*e)
		e++;
	while (e > s && is_space(e[-1]))
		*--e = 0;
	return s;
}

int cmdline_split_commands(char *buf, char **cmds, int max)
{
	char *s = buf;
	int n = 0;

	while (*s && n < max) {
		bool quoted = false;
		char *start = s;

		for (; *s; s++) {
			if (*s == '"')
				quoted = !quoted;
			else if (*s == ';' && !quoted)
				break;
		}
		if (*s)
			*s++ = 0;
		start = trim(start);
		if (*start)
			cmds[n++] = start;
	}
	return n;
}

int cmdline_split_args(char *buf, char **argv, int max)
{
	char *pos = buf;
	int n = 0;
	bool open = false;

	while (n < max) {
		char *tok = next_token(&pos, 0, &open);

		if (!tok)
			break;
		argv[n++] = tok;
	}
	return n;
}
