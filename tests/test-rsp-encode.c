/* test-rsp-encode.c: the RSP encoder's exact wire bytes and the hex helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-rsp-codec.h"

static void
assert_encoded_len (const void *payload,
                    gsize       len,
                    gboolean    notification,
                    const char *expected,
                    gsize       expected_len)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  tether_rsp_encode (out, payload, len, notification);
  g_assert_cmpmem (out->data, out->len, expected, expected_len);
}

#define assert_encoded(payload, len, notification, literal) \
  assert_encoded_len ((payload), (len), (notification), (literal), sizeof (literal) - 1)

static void
test_encode (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  assert_encoded ("OK", 2, FALSE, "$OK#9a");
  assert_encoded ("", 0, FALSE, "$#00");
  assert_encoded (NULL, 0, TRUE, "%#00");
  assert_encoded ("OK", 2, TRUE, "%OK#9a");
  /* 4 * 0x7d + 0x03 + 0x04 + 0x5d + 0x0a = 0x262. */
  assert_encoded ("#$}*", 4, FALSE, "$}\x03}\x04}]}\n#62");
  /* Only those four are escaped; lower-case checksum digits. */
  assert_encoded ("%+-\x03\0\xff", 6, FALSE, "$%+-\x03\0\xff#7f");
  assert_encoded ("vFile:open:2f746d70", 19, FALSE, "$vFile:open:2f746d70#20");

  /* Appends, does not replace. */
  g_byte_array_append (out, (const guint8 *) "+", 1);
  tether_rsp_encode (out, (const guint8 *) "OK", 2, FALSE);
  tether_rsp_encode (out, (const guint8 *) "g", 1, FALSE);
  g_assert_cmpmem (out->data, out->len, "+$OK#9a$g#67", 12);
}

static void
test_hex_encode (void)
{
  const guint8 data[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
  g_autofree char *hex = tether_hex_encode (data, sizeof data);
  g_autofree char *empty = tether_hex_encode (NULL, 0);
  g_autofree char *str = tether_hex_encode_string ("/bin/ls");
  g_autofree char *empty_str = tether_hex_encode_string ("");
  guint8 all[256];
  g_autofree char *all_hex = NULL;
  g_autoptr(GBytes) back = NULL;

  g_assert_cmpstr (hex, ==, "00017f80abff");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (str, ==, "2f62696e2f6c73");
  g_assert_cmpstr (empty_str, ==, "");

  for (guint i = 0; i < 256; i++)
    all[i] = (guint8) i;
  all_hex = tether_hex_encode (all, sizeof all);
  g_assert_cmpuint (strlen (all_hex), ==, 512);
  for (const char *p = all_hex; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  back = tether_hex_decode (all_hex, -1);
  g_assert_nonnull (back);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), all, sizeof all);
}

static void
assert_hex_decodes (const char *hex,
                    gssize      len,
                    const void *expected,
                    gsize       expected_len)
{
  g_autoptr(GBytes) bytes = tether_hex_decode (hex, len);

  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_len);
}

static void
assert_hex_rejected (const char *hex,
                     gssize      len)
{
  g_autoptr(GBytes) bytes = tether_hex_decode (hex, len);

  g_assert_null (bytes);
}

static void
test_hex_decode (void)
{
  assert_hex_decodes ("00017F80abFF", -1, "\x00\x01\x7f\x80\xab\xff", 6);
  assert_hex_decodes ("4142zz", 4, "AB", 2);     /* only @len characters are looked at */
  assert_hex_decodes ("", -1, "", 0);
  assert_hex_decodes ("41", 0, "", 0);
  assert_hex_decodes (NULL, 0, "", 0);
  assert_hex_decodes ("0000", -1, "\0\0", 2);    /* NUL bytes are fine in binary data */

  assert_hex_rejected ("414", -1);               /* odd length */
  assert_hex_rejected ("4142", 3);
  assert_hex_rejected ("4g", -1);
  assert_hex_rejected ("g4", -1);
  assert_hex_rejected ("41 2", -1);
  assert_hex_rejected ("0x41", -1);
  assert_hex_rejected ("41\0\0", 4);             /* a NUL is not a hex digit */
  assert_hex_rejected ("41\xc3\xa9", 4);
}

static void
test_hex_decode_string (void)
{
  g_autofree char *hello = tether_hex_decode_string ("48656C6c6f", -1);
  g_autofree char *ab = tether_hex_decode_string ("4142ff", 4);
  g_autofree char *empty = tether_hex_decode_string ("", -1);
  g_autofree char *utf8 = tether_hex_decode_string ("c3a9", -1);

  g_assert_cmpstr (hello, ==, "Hello");
  g_assert_cmpstr (ab, ==, "AB");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (utf8, ==, "\xc3\xa9");

  g_assert_null (tether_hex_decode_string ("480065", -1));   /* embedded NUL */
  g_assert_null (tether_hex_decode_string ("4800", -1));     /* a trailing NUL is inside too */
  g_assert_null (tether_hex_decode_string ("00", -1));
  g_assert_null (tether_hex_decode_string ("486", -1));      /* odd */
  g_assert_null (tether_hex_decode_string ("zz", -1));       /* not hex */
  g_assert_null (tether_hex_decode_string ("48\0\0", 4));
}

static void
assert_uint64 (const char *hex,
               gssize      len,
               guint64     expected)
{
  guint64 value = 0xdeadbeef;

  g_assert_true (tether_hex_parse_uint64 (hex, len, &value));
  g_assert_cmphex (value, ==, expected);
}

static void
assert_uint64_rejected (const char *hex,
                        gssize      len)
{
  guint64 value = 0xdeadbeef;

  g_assert_false (tether_hex_parse_uint64 (hex, len, &value));
  g_assert_cmphex (value, ==, 0xdeadbeef);   /* untouched on failure */
}

static void
test_hex_parse_uint64 (void)
{
  assert_uint64 ("0", -1, 0);
  assert_uint64 ("1a2b", -1, 0x1a2b);
  assert_uint64 ("DeadBeef", -1, 0xdeadbeef);
  assert_uint64 ("ffffffffffffffff", -1, G_MAXUINT64);
  assert_uint64 ("FFFFFFFFFFFFFFFF", -1, G_MAXUINT64);
  assert_uint64 ("00000000000000000000000000000001", -1, 1);   /* leading zeros do not overflow */
  assert_uint64 ("1234zz", 4, 0x1234);
  assert_uint64 ("7fffffffffffffff", -1, G_MAXINT64);
  g_assert_true (tether_hex_parse_uint64 ("10", -1, NULL));

  assert_uint64_rejected ("", -1);
  assert_uint64_rejected ("123", 0);
  assert_uint64_rejected (NULL, 0);
  assert_uint64_rejected ("10000000000000000", -1);           /* 2^64 */
  assert_uint64_rejected ("fffffffffffffffff", -1);
  assert_uint64_rejected ("12g", -1);
  assert_uint64_rejected ("-1", -1);
  assert_uint64_rejected ("0x10", -1);
  assert_uint64_rejected (" 10", -1);
  assert_uint64_rejected ("10 ", -1);
  assert_uint64_rejected ("1\0", 2);
  g_assert_false (tether_hex_parse_uint64 ("xyz", -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rsp-codec/encode/basic", test_encode);
  g_test_add_func ("/rsp-codec/hex/encode", test_hex_encode);
  g_test_add_func ("/rsp-codec/hex/decode", test_hex_decode);
  g_test_add_func ("/rsp-codec/hex/decode-string", test_hex_decode_string);
  g_test_add_func ("/rsp-codec/hex/parse-uint64", test_hex_parse_uint64);

  return g_test_run ();
}
