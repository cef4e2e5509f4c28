/* test-sha256.c: SHA-256 against the standard's test vectors (FIPS 180-4
 * examples: "abc", the 448- and 896-bit messages, a million 'a'), the
 * lengths on either side of the padding's block boundary, and a message
 * fed in pieces of every size. */
#include "config.h"

#include "testutil.h"

#include "sha256.h"

static void
assert_digest(const char *msg, size_t len, const char *want)
{
	char hex[SHA256_HEX];

	sha256_hex(msg, len, hex);
	assert_string_equal(hex, want);
}

static void
test_vectors(void **state)
{
	(void)state;
	assert_digest("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_digest("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void
test_million_a(void **state)
{
	struct sha256 c;
	char chunk[1000], hex[SHA256_HEX];
	int i;

	(void)state;
	memset(chunk, 'a', sizeof chunk);
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, chunk, sizeof chunk);
	sha256_final_hex(&c, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Where the padding needs one block or two: 55 bytes leave room for the
 * 1 bit and the length, 56 do not. */
static void
test_block_boundaries(void **state)
{
	static const struct {
		size_t		 len;
		const char	*want;
	} cases[] = {
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
		{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
		{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
		{ 128, "24da1b81d0b16df6428eee73c69fcb2a93c76bc6df706f0c6670fe6bfe800464" },
	};
	char x[128];
	size_t i;

	(void)state;
	memset(x, 'x', sizeof x);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_digest(x, cases[i].len, cases[i].want);
}

/* 100000 bytes ((i * 7) & 0xff), fed whole and in pieces of 1 to 200
 * bytes: the same digest every way. */
static void
test_pieces(void **state)
{
	static const char want[] =
	    "931030b89f42c06dcdda12a43dfcd601d745d11bbb5fcd1a00fea442e8405157";
	struct sha256 c;
	unsigned char *data;
	char hex[SHA256_HEX];
	size_t len = 100000, i, off, step, n;

	(void)state;
	data = malloc(len);
	assert_non_null(data);
	for (i = 0; i < len; i++)
		data[i] = (unsigned char)((i * 7) & 0xff);
	sha256_hex(data, len, hex);
	assert_string_equal(hex, want);
	for (step = 1; step <= 200; step += 13) {
		sha256_init(&c);
		for (off = 0; off < len; off += n) {
			n = step + off % 3;
			if (n > len - off)
				n = len - off;
			sha256_update(&c, data + off, n);
		}
		sha256_final_hex(&c, hex);
		assert_string_equal(hex, want);
	}
	/* Empty pieces change nothing. */
	sha256_init(&c);
	sha256_update(&c, data, 0);
	sha256_update(&c, "abc", 3);
	sha256_update(&c, data, 0);
	sha256_final_hex(&c, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
