/* test-options-value.c: what a parsed TetherOptions says of itself: its description, whether it
 * stays on this computer, its reference count, its boxed type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-object.h>

#include "tether-options.h"

#define PIN_HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
test_describe (void)
{
  static const struct
  {
    const char *input;
    const char *description;
  } cases[] = {
    { "tcp:server=build-box,port=2345", "gdbserver on build-box, TCP port 2345" },
    { "tcp:server=[::1],port=2345,ipversion=6", "gdbserver on ::1, TCP port 2345, IPv6 only" },
    { "tcp:clicon=lab-board,port=2345",
      "Waits for a gdbserver to connect from lab-board on port 2345" },
    { "tcp:clicon=lab-board,port=2345,ipversion=4",
      "Waits for a gdbserver to connect from lab-board on port 2345, IPv4 only" },
    { "ssh:host=build-box,user=dev", "SSH to build-box as dev, runs gdbserver" },
    { "ssh:host=build-box", "SSH to build-box, runs gdbserver" },
    { "ssh:host=build-box,port=2222,gdbserver=/opt/gdbserver",
      "SSH to build-box port 2222, runs /opt/gdbserver" },
    { "local", "gdbserver on this computer" },
    { "local:gdbserver=/opt/gdb/gdbserver", "/opt/gdb/gdbserver on this computer" },
    { "com:port=/dev/ttyUSB0", "Serial line /dev/ttyUSB0 at 115200 baud" },
    { "com:port=/dev/ttyS0,baud=9600", "Serial line /dev/ttyS0 at 9600 baud" },
    { "ssl:server=build-box,port=2345", "gdbserver on build-box, TLS port 2345" },
    { "ssl:server=build-box,port=2345,cafile=/etc/ca.pem",
      "gdbserver on build-box, TLS port 2345, certificate checked with /etc/ca.pem" },
    { "ssl:server=build-box,port=2345,cafile=/etc/ca.pem,pin=" PIN_HEX,
      "gdbserver on build-box, TLS port 2345, certificate pinned" },
    { "ssh:host=build-box,identity=~/.ssh/lab", "SSH to build-box, runs gdbserver" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TetherOptions) o = tether_options_parse (cases[i].input, NULL);
      g_autofree char *description = NULL;

      g_assert_nonnull (o);
      description = tether_options_describe (o);
      g_assert_cmpstr (description, ==, cases[i].description);
    }
}

static void
test_loopback (void)
{
  static const struct
  {
    const char *input;
    gboolean    loopback;
    gboolean    unauthenticated;
  } cases[] = {
    { "local", TRUE, FALSE },
    { "local:gdbserver=/opt/gdbserver", TRUE, FALSE },
    { "tcp:server=localhost,port=1", TRUE, FALSE },
    { "tcp:server=LocalHost,port=1", TRUE, FALSE },
    { "tcp:server=localhost.,port=1", TRUE, FALSE },
    { "tcp:server=127.0.0.1,port=1", TRUE, FALSE },
    { "tcp:server=127.255.3.4,port=1", TRUE, FALSE },
    { "tcp:server=::1,port=1", TRUE, FALSE },
    { "tcp:server=[::1],port=1,ipversion=6", TRUE, FALSE },
    { "tcp:server=::ffff:127.0.0.1,port=1", TRUE, FALSE },
    { "tcp:clicon=localhost,port=1", TRUE, FALSE },
    { "tcp:clicon=127.0.0.2,port=1", TRUE, FALSE },
    { "tcp:server=build-box,port=1", FALSE, TRUE },
    { "tcp:server=10.0.0.1,port=1", FALSE, TRUE },
    { "tcp:server=128.0.0.1,port=1", FALSE, TRUE },
    { "tcp:server=0.0.0.0,port=1", FALSE, TRUE },
    { "tcp:server=::2,port=1", FALSE, TRUE },
    { "tcp:server=::ffff:10.0.0.1,port=1", FALSE, TRUE },
    { "tcp:server=localhost.example,port=1", FALSE, TRUE },  /* not resolved */
    { "tcp:server=my-localhost,port=1", FALSE, TRUE },
    { "tcp:clicon=lab-board,port=1", FALSE, TRUE },
    { "ssh:host=build-box", FALSE, FALSE },
    { "ssh:host=localhost", FALSE, FALSE },
    { "ssh:host=build-box,identity=/k,config=/c", FALSE, FALSE },
    { "com:port=/dev/ttyS0", FALSE, FALSE },
    /* TLS checks the server and encrypts the link: no warning, wherever it goes */
    { "ssl:server=build-box,port=1", FALSE, FALSE },
    { "ssl:server=10.0.0.1,port=1,pin=" PIN_HEX, FALSE, FALSE },
    { "ssl:server=127.0.0.1,port=1", TRUE, FALSE },
    { "ssl:server=::1,port=1", TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TetherOptions) o = tether_options_parse (cases[i].input, NULL);

      g_test_message ("loopback: %s", cases[i].input);
      g_assert_nonnull (o);
      g_assert_cmpint (tether_options_is_loopback (o), ==, cases[i].loopback);
      g_assert_cmpint (tether_options_is_unauthenticated_network (o), ==,
                       cases[i].unauthenticated);
    }
}

static void
test_refcount (void)
{
  TetherOptions *o = tether_options_parse ("ssh:host=h,user=u", NULL);
  TetherOptions *ref;

  g_assert_nonnull (o);
  ref = tether_options_ref (o);
  g_assert_true (ref == o);
  tether_options_unref (o);
  /* still alive through ref (valgrind checks these reads) */
  g_assert_cmpstr (tether_options_get_user (ref), ==, "u");
  tether_options_unref (ref);

  {
    g_autoptr(TetherOptions) a = tether_options_parse ("local", NULL);
    g_autoptr(TetherOptions) b = tether_options_ref (a);

    g_assert_true (a == b);
  }
}

static void
test_boxed (void)
{
  g_autoptr(TetherOptions) o = tether_options_parse ("tcp:server=h,port=2345", NULL);
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) copy = G_VALUE_INIT;
  TetherOptions *dup;
  TetherOptions *boxed_copy;
  GType type = TETHER_TYPE_OPTIONS;

  g_assert_true (G_TYPE_IS_BOXED (type));
  g_assert_cmpstr (g_type_name (type), ==, "TetherOptions");
  g_assert_true (type == tether_options_get_type ());

  g_value_init (&value, type);
  g_assert_null (g_value_get_boxed (&value));
  g_value_set_boxed (&value, o);
  g_assert_true (g_value_get_boxed (&value) == o);  /* copy is a ref: same pointer */

  g_value_init (&copy, type);
  g_value_copy (&value, &copy);
  g_assert_true (g_value_get_boxed (&copy) == o);

  dup = g_value_dup_boxed (&value);
  g_assert_true (dup == o);
  tether_options_unref (dup);

  boxed_copy = g_boxed_copy (type, o);
  g_assert_true (boxed_copy == o);
  g_boxed_free (type, boxed_copy);

  /* the GValues keep it alive after our reference goes */
  g_clear_pointer (&o, tether_options_unref);
  g_assert_cmpuint (tether_options_get_port (g_value_get_boxed (&copy)), ==, 2345);
  g_value_take_boxed (&value, tether_options_parse ("local", NULL));
  g_assert_cmpint (tether_options_get_transport (g_value_get_boxed (&value)), ==,
                   TETHER_TRANSPORT_LOCAL);
}


int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/options/describe", test_describe);
  g_test_add_func ("/options/loopback", test_loopback);
  g_test_add_func ("/options/refcount", test_refcount);
  g_test_add_func ("/options/boxed", test_boxed);

  return g_test_run ();
}
