/* tether-osdata.c: parsers for the XML documents gdbserver returns through qXfer
 *
 * Both parsers run GMarkup over the document. gdbserver copies command lines and thread names into
 * its XML as raw bytes, so a document may hold invalid UTF-8, which GMarkup refuses: such a
 * document is first copied with every invalid byte (and any NUL) replaced by U+FFFD, so one odd
 * process does not hide the whole listing; the strings handed out are therefore always UTF-8.
 *
 * Documents follow gdb/features/osdata.dtd and threads.dtd: a missing required attribute (the
 * root's type, a column's name, a thread's id) is an error; unknown elements are skipped with their
 * content and unknown attributes ignored, as GDB does.
 *
 * A process listing holds thousands of items and is parsed every few seconds, so the item
 * parser keeps one buffer for all the names and values of the current item and reuses it, and
 * its arrays, from one item to the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tether-error.h"
#include "tether-osdata.h"
#include "tether-stop-reply.h"

/* Raised by a callback to stop GMarkup early; never reaches the caller. */
#define STOP_QUARK (g_quark_from_static_string ("tether-osdata-stop"))

static gboolean
is_stop (const GError *error)
{
  return error != NULL && error->domain == STOP_QUARK;
}

/* GMarkup's messages quote names and values from the document, which a hostile server can make
 * megabytes long: keep what reaches the user to a readable size. */
#define MESSAGE_MAX_CHARS 300

static char *
bounded_message (const char *message)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (message, -1) <= MESSAGE_MAX_CHARS)
    return g_strdup (message);

  head = g_utf8_substring (message, 0, MESSAGE_MAX_CHARS);
  return g_strconcat (head, "…", NULL);
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *wanted)
{
  for (gsize i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], wanted) == 0)
      return values[i];
  return NULL;
}

/* Runs @parser over the document, after replacing its invalid UTF-8 if it has any. Errors come
 * back in GMarkup's own form, with the position; the callers wrap them. */
static gboolean
run_markup (const GMarkupParser  *parser,
            const char           *xml,
            gsize                 len,
            gpointer              user_data,
            GError              **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *sanitized = NULL;

  if (!g_utf8_validate_len (xml, len, NULL))
    {
      sanitized = g_utf8_make_valid (xml, (gssize) len);
      xml = sanitized;
      len = strlen (sanitized);
    }

  context = g_markup_parse_context_new (parser,
                                        G_MARKUP_TREAT_CDATA_AS_TEXT
                                        | G_MARKUP_PREFIX_ERROR_POSITION,
                                        user_data, NULL);

  return g_markup_parse_context_parse (context, xml, (gssize) len, error)
         && g_markup_parse_context_end_parse (context, error);
}

/* ------------------------------------------------------------------------------------------- */
/* <osdata type="T"><item><column name="N">V</column>…</item>…</osdata>                          */

typedef enum
{
  OSDATA_START,     /* before the root */
  OSDATA_ROOT,      /* in <osdata> */
  OSDATA_ITEM,      /* in <item> */
  OSDATA_COLUMN,    /* in <column> */
  OSDATA_END,       /* after </osdata> */
} OsdataState;

typedef struct
{
  const char           *expected_type;
  TetherOsdataItemFunc  func;
  gpointer              user_data;

  OsdataState  state;
  guint        skip_depth;   /* > 0 while inside an element being skipped */

  /* The current item: "name\0value\0name\0value\0…" and where each string starts. The strings
   * are located by offset while the buffer grows and turned into pointers at </item>. */
  GString     *buf;
  GArray      *offsets;      /* gsize: name, value, name, value, … */
  GPtrArray   *names;
  GPtrArray   *values;
} OsdataParser;

static void
osdata_start_element (GMarkupParseContext  *context,
                      const char           *element_name,
                      const char          **attribute_names,
                      const char          **attribute_values,
                      gpointer              user_data,
                      GError              **error)
{
  OsdataParser *self = user_data;
  const char *attr;
  gsize offset;

  if (self->skip_depth > 0)
    {
      self->skip_depth++;
      return;
    }

  switch (self->state)
    {
    case OSDATA_START:
      if (strcmp (element_name, "osdata") != 0)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "the root element is <%s>, not <osdata>", element_name);
          return;
        }
      attr = find_attribute (attribute_names, attribute_values, "type");
      if (attr == NULL)
        {
          g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                               "<osdata> has no “type” attribute");
          return;
        }
      if (self->expected_type != NULL && strcmp (attr, self->expected_type) != 0)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "the document is of type “%s”, not “%s”", attr, self->expected_type);
          return;
        }
      self->state = OSDATA_ROOT;
      break;

    case OSDATA_ROOT:
      if (strcmp (element_name, "item") != 0)
        {
          self->skip_depth = 1;
          return;
        }
      g_string_truncate (self->buf, 0);
      g_array_set_size (self->offsets, 0);
      self->state = OSDATA_ITEM;
      break;

    case OSDATA_ITEM:
      if (strcmp (element_name, "column") != 0)
        {
          self->skip_depth = 1;
          return;
        }
      attr = find_attribute (attribute_names, attribute_values, "name");
      if (attr == NULL)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                       "<column> number %u of an <item> has no “name” attribute",
                       self->offsets->len / 2 + 1);
          return;
        }
      offset = self->buf->len;
      g_array_append_val (self->offsets, offset);
      g_string_append_len (self->buf, attr, (gssize) strlen (attr) + 1);
      offset = self->buf->len;
      g_array_append_val (self->offsets, offset);
      self->state = OSDATA_COLUMN;
      break;

    case OSDATA_COLUMN:
      /* A column holds text only: skip whatever a server nests in it. */
      self->skip_depth = 1;
      break;

    case OSDATA_END:
    default:
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "element <%s> after the end of <osdata>", element_name);
      break;
    }
}

static void
osdata_end_element (GMarkupParseContext  *context,
                    const char           *element_name,
                    gpointer              user_data,
                    GError              **error)
{
  OsdataParser *self = user_data;
  guint n_columns;

  if (self->skip_depth > 0)
    {
      self->skip_depth--;
      return;
    }

  switch (self->state)
    {
    case OSDATA_COLUMN:
      g_string_append_c (self->buf, '\0');
      self->state = OSDATA_ITEM;
      break;

    case OSDATA_ITEM:
      self->state = OSDATA_ROOT;
      n_columns = self->offsets->len / 2;

      /* An item without columns (osdata.dtd allows it) has nothing to report. */
      if (n_columns == 0)
        break;

      g_ptr_array_set_size (self->names, 0);
      g_ptr_array_set_size (self->values, 0);
      for (guint i = 0; i < n_columns; i++)
        {
          g_ptr_array_add (self->names,
                           self->buf->str + g_array_index (self->offsets, gsize, 2 * i));
          g_ptr_array_add (self->values,
                           self->buf->str + g_array_index (self->offsets, gsize, 2 * i + 1));
        }
      g_ptr_array_add (self->names, NULL);
      g_ptr_array_add (self->values, NULL);

      if (!self->func ((const char * const *) self->names->pdata,
                       (const char * const *) self->values->pdata,
                       n_columns, self->user_data))
        g_set_error_literal (error, STOP_QUARK, 0, "stopped");
      break;

    case OSDATA_ROOT:
      self->state = OSDATA_END;
      break;

    case OSDATA_START:
    case OSDATA_END:
    default:
      /* GMarkup only reports balanced elements: this cannot happen, but fail rather than trust. */
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "unexpected </%s>", element_name);
      break;
    }
}

static void
osdata_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 text_len,
             gpointer              user_data,
             GError              **error)
{
  OsdataParser *self = user_data;

  /* Only a column's own text counts; whitespace between elements and text in skipped elements
   * does not. */
  if (self->state == OSDATA_COLUMN && self->skip_depth == 0)
    g_string_append_len (self->buf, text, (gssize) text_len);
}

static const GMarkupParser osdata_parser = {
  .start_element = osdata_start_element,
  .end_element = osdata_end_element,
  .text = osdata_text,
};

gboolean
tether_osdata_parse (const char           *xml,
                     gsize                 len,
                     const char           *expected_type,
                     TetherOsdataItemFunc  func,
                     gpointer              user_data,
                     GError              **error)
{
  OsdataParser self = {
    .expected_type = expected_type,
    .func = func,
    .user_data = user_data,
    .state = OSDATA_START,
  };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  g_return_val_if_fail (xml != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self.buf = g_string_sized_new (4096);
  self.offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 16);
  self.names = g_ptr_array_sized_new (9);
  self.values = g_ptr_array_sized_new (9);

  ok = run_markup (&osdata_parser, xml != NULL ? xml : "", len, &self, &local_error);

  g_string_free (self.buf, TRUE);
  g_array_unref (self.offsets);
  g_ptr_array_unref (self.names);
  g_ptr_array_unref (self.values);

  if (ok || is_stop (local_error))
    return TRUE;

  message = bounded_message (local_error->message);
  g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
               "Malformed osdata document%s%s%s: %s",
               expected_type != NULL ? " (“" : "",
               expected_type != NULL ? expected_type : "",
               expected_type != NULL ? "”)" : "",
               message);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------- */
/* <threads><thread id="pP.T" core="N" name="…"/>…</threads>                                     */

typedef enum
{
  THREADS_START,
  THREADS_ROOT,
  THREADS_THREAD,
  THREADS_END,
} ThreadsState;

typedef struct
{
  ThreadsState  state;
  guint         skip_depth;
  GArray       *threads;
} ThreadsParser;

static void
thread_info_clear (gpointer data)
{
  TetherThreadInfo *info = data;

  g_clear_pointer (&info->name, g_free);
}

/* gdbserver writes core="%d"; a core is a small non-negative decimal number. */
static gboolean
parse_core (const char *text,
            gint       *core)
{
  gint64 value = 0;

  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (*p - '0');
      if (value > G_MAXINT)
        return FALSE;
    }

  *core = (gint) value;
  return TRUE;
}

static void
threads_start_element (GMarkupParseContext  *context,
                       const char           *element_name,
                       const char          **attribute_names,
                       const char          **attribute_values,
                       gpointer              user_data,
                       GError              **error)
{
  ThreadsParser *self = user_data;
  TetherThreadInfo info = { -1, -1, -1, NULL };
  const char *id;
  const char *core;
  const char *name;

  if (self->skip_depth > 0)
    {
      self->skip_depth++;
      return;
    }

  switch (self->state)
    {
    case THREADS_START:
      if (strcmp (element_name, "threads") != 0)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "the root element is <%s>, not <threads>", element_name);
          return;
        }
      self->state = THREADS_ROOT;
      break;

    case THREADS_ROOT:
      if (strcmp (element_name, "thread") != 0)
        {
          self->skip_depth = 1;
          return;
        }

      id = find_attribute (attribute_names, attribute_values, "id");
      core = find_attribute (attribute_names, attribute_values, "core");
      name = find_attribute (attribute_names, attribute_values, "name");

      if (id == NULL)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                       "<thread> number %u has no “id” attribute", self->threads->len + 1);
          return;
        }
      if (!tether_thread_id_parse (id, strlen (id), &info.pid, &info.tid))
        {
          g_autofree char *quoted = g_strescape (id, NULL);

          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "<thread> number %u has id “%s”, which is not a thread id",
                       self->threads->len + 1, quoted);
          return;
        }
      if (core != NULL && !parse_core (core, &info.core))
        {
          g_autofree char *quoted = g_strescape (core, NULL);

          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "<thread> number %u has core “%s”, which is not a core number",
                       self->threads->len + 1, quoted);
          return;
        }

      info.name = g_strdup (name);
      g_array_append_val (self->threads, info);
      self->state = THREADS_THREAD;
      break;

    case THREADS_THREAD:
      /* The text of <thread> is extra information, which is ignored, and so is any element. */
      self->skip_depth = 1;
      break;

    case THREADS_END:
    default:
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "element <%s> after the end of <threads>", element_name);
      break;
    }
}

static void
threads_end_element (GMarkupParseContext  *context,
                     const char           *element_name,
                     gpointer              user_data,
                     GError              **error)
{
  ThreadsParser *self = user_data;

  if (self->skip_depth > 0)
    {
      self->skip_depth--;
      return;
    }

  switch (self->state)
    {
    case THREADS_THREAD:
      self->state = THREADS_ROOT;
      break;
    case THREADS_ROOT:
      self->state = THREADS_END;
      break;
    case THREADS_START:
    case THREADS_END:
    default:
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "unexpected </%s>", element_name);
      break;
    }
}

static const GMarkupParser threads_parser = {
  .start_element = threads_start_element,
  .end_element = threads_end_element,
};

GArray *
tether_threads_xml_parse (const char  *xml,
                          gsize        len,
                          GError     **error)
{
  ThreadsParser self = { THREADS_START, 0, NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) threads = NULL;

  g_return_val_if_fail (xml != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  threads = g_array_new (FALSE, FALSE, sizeof (TetherThreadInfo));
  g_array_set_clear_func (threads, thread_info_clear);
  self.threads = threads;

  if (!run_markup (&threads_parser, xml != NULL ? xml : "", len, &self, &local_error))
    {
      g_autofree char *message = bounded_message (local_error->message);

      g_set_error (error, TETHER_ERROR, TETHER_ERROR_PROTOCOL,
                   "Malformed qXfer:threads document: %s", message);
      return NULL;
    }

  return g_steal_pointer (&threads);
}
