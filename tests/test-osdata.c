/* test-osdata.c: the qXfer:osdata and qXfer:threads XML parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-osdata.h"

/* Captured from gdbserver 13.1 (Debian 12), qXfer:osdata:read:processes, keeping three items:
 * PID 1, a kernel thread, and
 * `python3 -c 'import time; time.sleep(600)' '<&>"'"'"' ünï' $'bad\xff\xfebytes'`.
 * Exactly as sent: no XML prolog, a newline after the root tag only, a trailing space after each
 * command, and the argument bytes \xff\xfe copied raw, so the document is not valid UTF-8. */
static const char real_processes[] =
  "<osdata type=\"processes\">\n"
  "<item><column name=\"pid\">1</column><column name=\"user\">root</column>"
  "<column name=\"command\">/process_api --firecracker-init --addr 0.0.0.0:2024 "
  "--max-ws-buffer-size 32768 --block-local-connections --log-vsock-port 5002 "
  "--control-vsock-port 5001 --listen-vsock-port 2024 --tcp-readiness-only --auth-required "
  "</column><column name=\"cores\">0,1</column></item>"
  "<item><column name=\"pid\">2</column><column name=\"user\">root</column>"
  "<column name=\"command\">[kthreadd]</column><column name=\"cores\">0</column></item>"
  "<item><column name=\"pid\">5784</column><column name=\"user\">root</column>"
  "<column name=\"command\">/root/.pyenv/versions/3.11.7/bin/python3 -c import time; "
  "time.sleep(600) &lt;&amp;&gt;&quot;&apos; \xc3\xbcn\xc3\xaf bad\xff\xfe" "bytes </column>"
  "<column name=\"cores\">1</column></item>"
  "</osdata>\n";

/* Captured from the same gdbserver: qXfer:threads:read of a Python process with two extra threads,
 * one renamed through /proc/self/task/TID/comm. */
static const char real_threads[] =
  "<threads>\n"
  "<thread id=\"p2ea6.2ea6\" core=\"0\" name=\"python3\"/>\n"
  "<thread id=\"p2ea6.2ed1\" core=\"0\" name=\"w&lt;&amp;&gt;&quot;&apos;ork\xc3\xa9\"/>\n"
  "<thread id=\"p2ea6.2ed2\" core=\"0\" name=\"python3\"/>\n"
  "</threads>\n";

/* Every item, as "name=value|name=value" strings. */
typedef struct
{
  GPtrArray *items;
  guint      stop_after;   /* 0: never stop */
} Collector;

static gboolean
collect_item (const char * const *names,
              const char * const *values,
              guint               n_columns,
              gpointer            user_data)
{
  Collector *c = user_data;
  GString *s = g_string_new (NULL);

  g_assert_cmpuint (n_columns, >, 0);
  /* Both arrays are also NULL-terminated after n_columns. */
  g_assert_null (names[n_columns]);
  g_assert_null (values[n_columns]);

  for (guint i = 0; i < n_columns; i++)
    {
      g_assert_true (g_utf8_validate (names[i], -1, NULL));
      g_assert_true (g_utf8_validate (values[i], -1, NULL));
      g_string_append_printf (s, "%s%s=%s", i > 0 ? "|" : "", names[i], values[i]);
    }

  g_ptr_array_add (c->items, g_string_free (s, FALSE));

  return c->stop_after == 0 || c->items->len < c->stop_after;
}

static GPtrArray *
parse_ok (const char *xml,
          gsize       len,
          const char *type)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (tether_osdata_parse (xml, len, type, collect_item, &c, &error));
  g_assert_no_error (error);
  return c.items;
}

static char *
parse_error (const char *xml,
             gsize       len,
             const char *type)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;
  char *message;

  g_assert_false (tether_osdata_parse (xml, len, type, collect_item, &c, &error));
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  message = g_strdup (error->message);
  g_ptr_array_unref (c.items);
  return message;
}

static void
test_real_processes (void)
{
  g_autoptr(GPtrArray) items = parse_ok (real_processes, sizeof real_processes - 1, "processes");

  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (items->pdata[0], ==,
                   "pid=1|user=root|command=/process_api --firecracker-init --addr 0.0.0.0:2024 "
                   "--max-ws-buffer-size 32768 --block-local-connections --log-vsock-port 5002 "
                   "--control-vsock-port 5001 --listen-vsock-port 2024 --tcp-readiness-only "
                   "--auth-required |cores=0,1");
  g_assert_cmpstr (items->pdata[1], ==, "pid=2|user=root|command=[kthreadd]|cores=0");
  /* Entities decoded; the two invalid bytes replaced by U+FFFD each. */
  g_assert_cmpstr (items->pdata[2], ==,
                   "pid=5784|user=root|command=/root/.pyenv/versions/3.11.7/bin/python3 -c "
                   "import time; time.sleep(600) <&>\"' \xc3\xbcn\xc3\xaf "
                   "bad\xef\xbf\xbd\xef\xbf\xbd" "bytes |cores=1");

  /* No expected type: any type is accepted. */
  g_clear_pointer (&items, g_ptr_array_unref);
  items = parse_ok (real_processes, sizeof real_processes - 1, NULL);
  g_assert_cmpuint (items->len, ==, 3);
}

static void
test_prolog (void)
{
  /* The form with a prolog and one element per line, as other servers (and GDB's own docs) have. */
  const char *xml =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
    "<osdata type=\"processes\">\n"
    "<!-- a comment -->\n"
    "<item>\n"
    "<column name=\"pid\">1</column>\n"
    "<column name=\"user\">root</column>\n"
    "<column name=\"command\">/sbin/init splash</column>\n"
    "<column name=\"cores\">0,1</column>\n"
    "</item>\n"
    "<item>\n"
    "<column name=\"pid\">&#52;&#x32;</column>\n"
    "<column name=\"command\"><![CDATA[a <raw> & b]]> &#233;t&#xE9;</column>\n"
    "<column name=\"empty\"></column>\n"
    "<column name=\"self-closing\"/>\n"
    "</item>\n"
    "</osdata>\n";
  g_autoptr(GPtrArray) items = parse_ok (xml, strlen (xml), "processes");

  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (items->pdata[0], ==, "pid=1|user=root|command=/sbin/init splash|cores=0,1");
  g_assert_cmpstr (items->pdata[1], ==,
                   "pid=42|command=a <raw> & b \xc3\xa9t\xc3\xa9|empty=|self-closing=");
}

static void
test_shapes (void)
{
  g_autoptr(GPtrArray) items = NULL;
  const char *xml;

  /* No items at all. */
  xml = "<osdata type=\"processes\"></osdata>";
  items = parse_ok (xml, strlen (xml), "processes");
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  xml = "<osdata type=\"processes\"/>";
  items = parse_ok (xml, strlen (xml), "processes");
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* An item with no columns is skipped (osdata.dtd allows it; there is nothing to report). */
  xml = "<osdata type=\"t\"><item/><item></item><item><column name=\"a\">1</column></item>"
        "<item> </item></osdata>";
  items = parse_ok (xml, strlen (xml), "t");
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (items->pdata[0], ==, "a=1");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Unknown elements are skipped with their content, unknown attributes ignored; duplicate
   * column names are passed on as they are; whitespace around values is kept. */
  xml = "<osdata type=\"t\" version=\"9\">"
        "<future><item><column name=\"x\">no</column></item></future>"
        "<item extra=\"1\"><column name=\"a\" unit=\"kB\"> 1 </column>"
        "<note>ignored<column name=\"y\">no</column></note>"
        "<column name=\"b\">2<sub>nested</sub>3</column>"
        "<column name=\"a\">again</column></item>"
        "</osdata>";
  items = parse_ok (xml, strlen (xml), "t");
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (items->pdata[0], ==, "a= 1 |b=23|a=again");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Other osdata types have the same shape; a NUL inside the length becomes U+FFFD. */
  {
    static const char with_nul[] =
      "<osdata type=\"threads\"><item><column name=\"pid\">1</column>"
      "<column name=\"command\">a\0b</column><column name=\"tid\">1</column></item></osdata>";

    items = parse_ok (with_nul, sizeof with_nul - 1, "threads");
  }
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (items->pdata[0], ==, "pid=1|command=a\xef\xbf\xbd" "b|tid=1");
}

static void
test_stop_early (void)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 2 };
  g_autoptr(GError) error = NULL;

  /* Returning FALSE stops the parse, and that is not an error. */
  g_assert_true (tether_osdata_parse (real_processes, sizeof real_processes - 1, "processes",
                                      collect_item, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.items->len, ==, 2);
  g_ptr_array_unref (c.items);
}

static void
test_malformed (void)
{
  static const struct
  {
    const char *xml;
    const char *type;
    const char *message_part;
  } cases[] = {
    { "", "processes", "empty" },
    { "   \n", "processes", "empty" },
    { "not xml at all", "processes", NULL },
    { "<osdata type=\"threads\"></osdata>", "processes",
      "the document is of type “threads”, not “processes”" },
    { "<osdata></osdata>", "processes", "<osdata> has no “type” attribute" },
    { "<osdata></osdata>", NULL, "<osdata> has no “type” attribute" },
    { "<threads></threads>", "processes", "the root element is <threads>, not <osdata>" },
    { "<osdata type=\"processes\"><item><column name=\"pid\">1</column></item>", "processes",
      NULL },
    { "<osdata type=\"processes\"><item><column name=\"pid\">1</item></osdata>", "processes",
      NULL },
    { "<osdata type=\"processes\"><item><column name=\"pid\">1</column></osdata>", "processes",
      NULL },
    { "<osdata type=\"processes\"><item><column>1</column></item></osdata>", "processes",
      "<column> number 1 of an <item> has no “name” attribute" },
    { "<osdata type=\"processes\"><item><column name=\"a\">1</column><column nom=\"b\">2"
      "</column></item></osdata>", "processes",
      "<column> number 2 of an <item> has no “name” attribute" },
    { "<osdata type=\"processes\"><item><column name=\"pid\">a & b</column></item></osdata>",
      "processes", NULL },
    { "<osdata type=\"processes\"><item><column name=\"pid\">&bogus;</column></item></osdata>",
      "processes", NULL },
    { "<osdata type=\"processes\"><item><column name=\"pid\">&#0;</column></item></osdata>",
      "processes", NULL },
    { "<osdata type=\"processes\"><item><column name=\"pid>1</column></item></osdata>",
      "processes", NULL },
    { "<osdata type=\"processes\"></osdata><osdata type=\"processes\"></osdata>", "processes",
      NULL },
    { "<osdata type=\"processes\"></osdata>trailing", "processes", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = parse_error (cases[i].xml, strlen (cases[i].xml), cases[i].type);

      g_assert_true (g_str_has_prefix (message, "Malformed osdata document"));
      if (cases[i].message_part != NULL && strstr (message, cases[i].message_part) == NULL)
        g_error ("“%s” does not contain “%s”", message, cases[i].message_part);
    }

  /* A huge name from the server does not make a huge message. */
  {
    g_autofree char *type = g_strnfill (1000000, 'x');
    g_autofree char *xml = g_strdup_printf ("<osdata type=\"%s\"></osdata>", type);
    g_autofree char *message = parse_error (xml, strlen (xml), "processes");

    g_assert_cmpuint (strlen (message), <, 1000);
    g_assert_true (g_str_has_suffix (message, "…"));
  }

  /* The message says where. */
  {
    const char *xml = "<osdata type=\"processes\">\n<item>\n<column>1</column></item></osdata>";
    g_autofree char *message = parse_error (xml, strlen (xml), "processes");

    g_assert_nonnull (strstr (message, "line 3"));
  }
}

/* Every prefix of the real document fails cleanly (only the whole one, or the whole one without its
 * final newline, parses), and every prefix is read only up to its length. */
static void
test_truncated (void)
{
  gsize full = sizeof real_processes - 1;

  for (gsize cut = 0; cut <= full; cut++)
    {
      g_autofree char *copy = g_memdup2 (real_processes, cut);
      Collector c = { g_ptr_array_new_with_free_func (g_free), 0 };
      g_autoptr(GError) error = NULL;
      gboolean ok = tether_osdata_parse (copy, cut, "processes", collect_item, &c, &error);

      if (cut >= full - 1)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (c.items->len, ==, 3);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
        }
      g_ptr_array_unref (c.items);
    }
}

static void
test_fuzz (void)
{
  gsize len = sizeof real_processes - 1;
  guint n_ok = 0;

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *copy = g_memdup2 (real_processes, len);
      Collector c = { g_ptr_array_new_with_free_func (g_free), 0 };
      g_autoptr(GError) error = NULL;

      for (guint flips = g_test_rand_int_range (1, 4); flips > 0; flips--)
        copy[g_test_rand_int_range (0, (gint32) len)] = (char) g_test_rand_int_range (0, 256);

      if (tether_osdata_parse (copy, len, "processes", collect_item, &c, &error))
        n_ok++;
      else
        g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
      g_ptr_array_unref (c.items);
    }

  /* Most flips land in text, which still parses. */
  g_assert_cmpuint (n_ok, >, 0);
  g_test_message ("%u of 3000 corrupted documents still parsed", n_ok);
}

typedef struct
{
  guint   n_items;
  guint64 pid_sum;
  char   *last_command;
} ScaleCounter;

static gboolean
count_item (const char * const *names,
            const char * const *values,
            guint               n_columns,
            gpointer            user_data)
{
  ScaleCounter *counter = user_data;

  counter->n_items++;
  for (guint i = 0; i < n_columns; i++)
    {
      if (strcmp (names[i], "pid") == 0)
        counter->pid_sum += g_ascii_strtoull (values[i], NULL, 10);
      else if (strcmp (names[i], "command") == 0 && counter->n_items == 100000)
        counter->last_command = g_strdup (values[i]);
    }
  return TRUE;
}

static void
test_scale (void)
{
  g_autoptr(GString) xml = g_string_new ("<osdata type=\"processes\">\n");
  ScaleCounter counter = { 0, 0, NULL };
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;
  guint64 expected_sum = 0;
  const guint n = 100000;

  for (guint i = 1; i <= n; i++)
    {
      g_string_append_printf (xml,
                              "<item><column name=\"pid\">%u</column>"
                              "<column name=\"user\">user%u</column>"
                              "<column name=\"command\">/usr/bin/program-%u --option=&quot;value"
                              "&quot; --flag &lt;x&gt; /some/longer/path/to/a/file/%u.txt</column>"
                              "<column name=\"cores\">%u</column></item>",
                              i, i % 50, i, i, i % 8);
      expected_sum += i;
    }
  g_string_append (xml, "</osdata>\n");

  start = g_get_monotonic_time ();
  g_assert_true (tether_osdata_parse (xml->str, xml->len, "processes", count_item, &counter,
                                      &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);

  g_assert_cmpuint (counter.n_items, ==, n);
  g_assert_cmpuint (counter.pid_sum, ==, expected_sum);
  g_assert_cmpstr (counter.last_command, ==,
                   "/usr/bin/program-100000 --option=\"value\" --flag <x> "
                   "/some/longer/path/to/a/file/100000.txt");
  g_free (counter.last_command);

  g_test_message ("%u items, %" G_GSIZE_FORMAT " bytes: parsed in %.1f ms", n, xml->len,
                  elapsed / 1000.0);
  if (g_test_verbose ())
    g_printerr ("# osdata scale: %u items, %" G_GSIZE_FORMAT " bytes, %.1f ms\n", n, xml->len,
                elapsed / 1000.0);
}

/* ---- qXfer:threads ---------------------------------------------------------------------- */

static void
test_threads_real (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) threads = tether_threads_xml_parse (real_threads, sizeof real_threads - 1,
                                                        &error);
  TetherThreadInfo *t;

  g_assert_no_error (error);
  g_assert_nonnull (threads);
  g_assert_cmpuint (threads->len, ==, 3);

  t = &g_array_index (threads, TetherThreadInfo, 0);
  g_assert_cmpint (t->pid, ==, 0x2ea6);
  g_assert_cmpint (t->tid, ==, 0x2ea6);
  g_assert_cmpint (t->core, ==, 0);
  g_assert_cmpstr (t->name, ==, "python3");

  t = &g_array_index (threads, TetherThreadInfo, 1);
  g_assert_cmpint (t->pid, ==, 0x2ea6);
  g_assert_cmpint (t->tid, ==, 0x2ed1);
  g_assert_cmpstr (t->name, ==, "w<&>\"'ork\xc3\xa9");

  t = &g_array_index (threads, TetherThreadInfo, 2);
  g_assert_cmpint (t->tid, ==, 0x2ed2);
}

static void
test_threads_shapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) threads = NULL;
  TetherThreadInfo *t;
  const char *xml =
    "<?xml version=\"1.0\"?>\n<threads>\n"
    "<thread id=\"p1a2b.1a2b\" core=\"1\" name=\"sleep\"/>\n"
    "<thread id=\"1a2c\">extra info <b>bold</b></thread>\n"
    "<thread id=\"p1a2b.1a2d\" name=\"bad\xff\" handle=\"00ff\" future=\"x\"/>\n"
    "<unknown><thread id=\"p9.9\"/></unknown>\n"
    "<thread id=\"p1a2b.1a2e\" core=\"2147483647\" name=\"\"/>\n"
    "</threads>\n";

  threads = tether_threads_xml_parse (xml, strlen (xml), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 4);

  t = &g_array_index (threads, TetherThreadInfo, 0);
  g_assert_cmpint (t->pid, ==, 0x1a2b);
  g_assert_cmpint (t->tid, ==, 0x1a2b);
  g_assert_cmpint (t->core, ==, 1);
  g_assert_cmpstr (t->name, ==, "sleep");

  /* Name and core are optional; a bare tid has no process part. */
  t = &g_array_index (threads, TetherThreadInfo, 1);
  g_assert_cmpint (t->pid, ==, -1);
  g_assert_cmpint (t->tid, ==, 0x1a2c);
  g_assert_cmpint (t->core, ==, -1);
  g_assert_null (t->name);

  t = &g_array_index (threads, TetherThreadInfo, 2);
  g_assert_cmpint (t->tid, ==, 0x1a2d);
  g_assert_cmpstr (t->name, ==, "bad\xef\xbf\xbd");

  t = &g_array_index (threads, TetherThreadInfo, 3);
  g_assert_cmpint (t->core, ==, G_MAXINT);
  g_assert_cmpstr (t->name, ==, "");
  g_clear_pointer (&threads, g_array_unref);

  threads = tether_threads_xml_parse ("<threads/>", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 0);
}

static void
test_threads_malformed (void)
{
  static const struct
  {
    const char *xml;
    const char *message_part;
  } cases[] = {
    { "", "empty" },
    { "<osdata type=\"threads\"/>", "the root element is <osdata>, not <threads>" },
    { "<threads><thread core=\"1\"/></threads>", "<thread> number 1 has no “id” attribute" },
    { "<threads><thread id=\"p1.1\"/><thread id=\"1.2\"/></threads>",
      "<thread> number 2 has id “1.2”, which is not a thread id" },
    { "<threads><thread id=\"\"/></threads>", "not a thread id" },
    { "<threads><thread id=\"p1.1\" core=\"x\"/></threads>",
      "<thread> number 1 has core “x”, which is not a core number" },
    { "<threads><thread id=\"p1.1\" core=\"-1\"/></threads>", "not a core number" },
    { "<threads><thread id=\"p1.1\" core=\"\"/></threads>", "not a core number" },
    { "<threads><thread id=\"p1.1\" core=\"2147483648\"/></threads>", "not a core number" },
    { "<threads><thread id=\"p1.1\"/>", NULL },
    { "<threads><thread id=\"p1.1\"></threads>", NULL },
    { "<threads></threads><threads></threads>", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) threads = tether_threads_xml_parse (cases[i].xml, strlen (cases[i].xml),
                                                            &error);

      g_assert_null (threads);
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Malformed qXfer:threads document: "));
      if (cases[i].message_part != NULL && strstr (error->message, cases[i].message_part) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, cases[i].message_part);
    }

  /* Every prefix, and random corruption: no crash, no leak. */
  for (gsize cut = 0; cut < sizeof real_threads - 2; cut++)
    {
      g_autofree char *copy = g_memdup2 (real_threads, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) threads = tether_threads_xml_parse (copy, cut, &error);

      g_assert_null (threads);
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL);
    }
  for (guint round = 0; round < 2000; round++)
    {
      gsize len = sizeof real_threads - 1;
      g_autofree char *copy = g_memdup2 (real_threads, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) threads = NULL;

      for (guint flips = g_test_rand_int_range (1, 4); flips > 0; flips--)
        copy[g_test_rand_int_range (0, (gint32) len)] = (char) g_test_rand_int_range (0, 256);

      threads = tether_threads_xml_parse (copy, len, &error);
      g_assert_true ((threads == NULL) == (error != NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/osdata/real-processes", test_real_processes);
  g_test_add_func ("/osdata/prolog", test_prolog);
  g_test_add_func ("/osdata/shapes", test_shapes);
  g_test_add_func ("/osdata/stop-early", test_stop_early);
  g_test_add_func ("/osdata/malformed", test_malformed);
  g_test_add_func ("/osdata/truncated", test_truncated);
  g_test_add_func ("/osdata/fuzz", test_fuzz);
  g_test_add_func ("/osdata/scale", test_scale);
  g_test_add_func ("/threads/real", test_threads_real);
  g_test_add_func ("/threads/shapes", test_threads_shapes);
  g_test_add_func ("/threads/malformed", test_threads_malformed);

  return g_test_run ();
}
