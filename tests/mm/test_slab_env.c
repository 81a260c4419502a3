// SPDX-License-Identifier: MIT
/* The slab test environment of tests/mm/test_slab.h. */
#include "tests/mm/test_slab.h"
#include "lib/string.h"

static struct slab_state ts_state;
static struct slab_state *ts_saved;
static unsigned long ts_base_free;

unsigned long ts_free_pages(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

void ts_cleanup(void)
{
	if (ts_saved) {
		slab_state_switch(ts_saved);
		ts_saved = NULL;
	}
	tb_teardown();
}

int ts_begin(const struct tb_layout *l, slab_flags_t debug)
{
	int err;

	ts_cleanup();
	err = l ? tb_setup(l) : tb_setup_simple();
	if (err)
		return err;
	ts_base_free = ts_free_pages();
	slab_state_init(&ts_state, debug, 0x5eed5eed12345678ULL);
	ts_saved = slab_state_switch(&ts_state);
	err = slab_state_bootstrap();
	if (err) {
		ts_cleanup();
		return err;
	}
	tb_log_clear();
	return 0;
}

unsigned ts_log_count(const char *s)
{
	const char *log = tb_log_text(), *p = log;
	size_t n = strlen(s);
	unsigned count = 0;

	while ((p = strstr(p, s))) {
		count++;
		p += n;
	}
	return count;
}

void ts_log_show(struct ktest *t)
{
	char line[200];
	const char *p = tb_log_text();

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		ktest_log(t, "%s", line);
		if (!nl)
			break;
		p = nl + 1;
	}
}

void ts_end(struct ktest *t)
{
	unsigned long quarantined, pages = 0;
	struct kmem_cache *c;
	int errors;

	if (!ts_saved)
		return;
	tb_log_clear();
	errors = slab_verify();
	if (errors)
		ts_log_show(t);
	EXPECT_EQ(errors, 0);
	list_for_each_entry (c, &slab_state->caches, list) {
		struct slab_cache_info i;

		kmem_cache_get_info(c, &i);
		pages += i.quarantined_pages;
	}
	quarantined = slab_state->bad_pages;
	EXPECT_LE(pages, quarantined); /* destroyed caches leave theirs behind */
	tb_log_clear();
	errors = slab_state_exit();
	if (errors)
		ts_log_show(t);
	EXPECT_EQ(errors, 0);
	EXPECT_EQ(ts_free_pages() + quarantined, ts_base_free);
	EXPECT_EQ(tb_verify(t), 0);
	ts_cleanup();
}
