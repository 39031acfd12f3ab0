/*
 * reportparse._speedups: the hot loops of reportparse in C, each the exact twin of a Python
 * function (loaded by reportparse/speedups.py; the Python is used where this is not built).
 *
 * 1. The per-character geometry of a PDFium text page.
 *
 * The same computation as the pure-Python path of ``pdfium.geometry_lines`` (``_scan_objects``,
 * ``_char_glyphs``) and ``layout.assemble_lines``, step for step and with the same floating-point
 * operations, so that both give the same lines (tests/test_speedups.py compares them on
 * every fixture PDF). It exists for speed only: the Python path makes about ten ctypes calls
 * per character, which costs several times PDFium's own text extraction. Given the page's frame
 * (``records.Frame``: dx, top), each line also gets its box (``layout.line_box``).
 *
 * PDFium is not linked: ``configure`` receives the addresses of the PDFium functions pypdfium2
 * has loaded (in the order of ``FUNCTIONS`` in pdfium.py), and every call takes the addresses of
 * a page and its text page, both kept alive by the caller for the duration of the call.
 *
 * A glyph with no Unicode value and a code above 255 is looked up in the embedded font's cmap
 * by pdfminer: ``glyph_lines`` calls back the Python function ``unmapped`` it is given for it
 * (without one, or when its answer is longer than a glyph can hold, it returns None and the
 * caller takes the Python path for that page).
 *
 * 2. The scan of a page's text for the places the text-layer repairs could change
 * (``thai.repairs.repairs_may_apply``): most pages need none of the repairs, and the scan
 * tells so in a few microseconds instead of a pass of regular expressions.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } FS_RECTF;
typedef struct { float a, b, c, d, e, f; } FS_MATRIX;
typedef void *H; /* any PDFium handle */

/* the PDFium functions, in the order pdfium.py passes them */
static struct {
    int (*Page_CountObjects)(H);
    H (*Page_GetObject)(H, int);
    int (*PageObj_GetType)(H);
    int (*FormObj_CountObjects)(H);
    H (*FormObj_GetObject)(H, unsigned long);
    int (*PageObj_CountMarks)(H);
    H (*PageObj_GetMark)(H, unsigned long);
    int (*Mark_GetParamValueType)(H, const char *);
    int (*PageObj_GetBounds)(H, float *, float *, float *, float *);
    int (*PageObj_GetMatrix)(H, FS_MATRIX *);
    int (*TextObj_GetFontSize)(H, float *);
    int (*Text_CountChars)(H);
    int (*Text_IsGenerated)(H, int);
    unsigned int (*Text_GetUnicode)(H, int);
    H (*Text_GetTextObject)(H, int);
    int (*Text_IsHyphen)(H, int);
    int (*Text_HasUnicodeMapError)(H, int);
    int (*Text_GetLooseCharBox)(H, int, FS_RECTF *);
    int (*Text_GetCharOrigin)(H, int, double *, double *);
    int (*Text_GetCharBox)(H, int, double *, double *, double *, double *);
    double (*Text_GetFontSize)(H, int);
    int (*Text_GetMatrix)(H, int, FS_MATRIX *);
    H (*PageObj_GetClipPath)(H);
    int (*ClipPath_CountPaths)(H);
    int (*ClipPath_CountPathSegments)(H, int);
    H (*ClipPath_GetPathSegment)(H, int, int);
    int (*PathSegment_GetPoint)(H, float *, float *);
    int (*TextObj_GetTextRenderMode)(H);
    int (*PageObj_GetFillColor)(H, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
    int (*PageObj_GetStrokeColor)(H, unsigned int *, unsigned int *, unsigned int *,
                                  unsigned int *);
    int (*Path_GetDrawMode)(H, int *, int *);
} F;
#define N_FUNCTIONS 31
static int configured = 0;

#define PAGEOBJ_TEXT 1
#define PAGEOBJ_PATH 2
#define PAGEOBJ_IMAGE 3
#define PAGEOBJ_FORM 5
#define OBJECT_STRING 3 /* FPDF_OBJECT_STRING */
#define PDFIUM_HYPHEN 0x02
/* layout constants: layout.py */
#define SPACE_GAP 0.15
#define WORD_GAP 0.05
#define SAME_LINE 0.3
#define WRAP_SLACK 3.0
#define REACH 4
/* text nobody sees: pdfium.py (HIDDEN, _NO_ALPHA), layout.py (MIN_TEXT_SIZE, LIGHT) */
#define H_OUTSIDE 1
#define H_CLIPPED 2
#define H_UNPAINTED 3
#define H_TINY 4
#define N_HIDDEN 4
#define MIN_TEXT_SIZE 2.0
#define LIGHT 245u
#define NO_ALPHA 8u
/* forms nested deeper than this are not followed (PDFium stops far earlier) */
#define MAX_FORM_DEPTH 256

/* ---------------------------------------------------------------- character classes
 *
 * The classes of characters are not written here: ``configure_tables`` receives them from
 * ``thai.chars`` (its ``c_tables`` and the bits of its ``Th`` flags), the one definition. */

static uint32_t low_table[256];   /* classes of U+0000..U+00FF */
static uint32_t block_table[128]; /* classes of the Thai block U+0E00..U+0E7F */
typedef struct { Py_UCS4 lo, hi; uint32_t flags; } Run;
static Run *above_runs = NULL; /* classified runs above the Thai block, sorted */
static Py_ssize_t n_above = 0;
static int tables_configured = 0;
/* the bit of each class, by the names of thai.chars.Th */
static uint32_t C_CONSONANT, C_MARK, C_TONE, C_SILENCER, C_NIKHAHIT, C_SARA_AA, C_SARA_AM,
    C_FOLLOWING_VOWEL, C_LETTER, C_TEXT, C_PUA_MAPPED, C_PUA_LEGACY, C_LIGATURE, C_CLUSTER_GAP,
    C_CLUSTER_NEXT;

static uint32_t classes(Py_UCS4 c) {
    if (c < 256) return low_table[c];
    if (c >= 0x0E00 && c < 0x0E80) return block_table[c - 0x0E00];
    Py_ssize_t lo = 0, hi = n_above;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (c < above_runs[mid].lo) hi = mid;
        else if (c > above_runs[mid].hi) lo = mid + 1;
        else return above_runs[mid].flags;
    }
    return 0;
}

static int need_tables(void) {
    if (!tables_configured) PyErr_SetString(PyExc_RuntimeError, "configure_tables() first");
    return tables_configured;
}

static int is(Py_UCS4 c, uint32_t cls) { return (classes(c) & cls) != 0; }
static int is_mark_char(Py_UCS4 c) { return is(c, C_MARK); }

/* str.isspace() for one character */
static int is_py_space(Py_UCS4 c) {
    return Py_UNICODE_ISSPACE(c);
}

/* ---------------------------------------------------------------- pointer → value maps */

typedef struct {
    uintptr_t *keys;
    uintptr_t *vals;
    double *x0, *x1; /* span extents (only in the extent map) */
    size_t cap, len;
} PtrMap;

static int map_init(PtrMap *m, size_t want, int extents) {
    size_t cap = 16;
    while (cap < want * 2) cap <<= 1;
    m->cap = cap;
    m->len = 0;
    m->keys = calloc(cap, sizeof(uintptr_t));
    m->vals = calloc(cap, sizeof(uintptr_t));
    m->x0 = extents ? calloc(cap, sizeof(double)) : NULL;
    m->x1 = extents ? calloc(cap, sizeof(double)) : NULL;
    return m->keys && m->vals && (!extents || (m->x0 && m->x1));
}

static void map_free(PtrMap *m) {
    free(m->keys);
    free(m->vals);
    free(m->x0);
    free(m->x1);
}

static size_t map_slot(const PtrMap *m, uintptr_t key) {
    size_t h = (size_t)((key >> 4) * 0x9E3779B97F4A7C15ULL);
    size_t i = h & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    return i;
}

static int map_grow(PtrMap *m) {
    PtrMap bigger;
    if (!map_init(&bigger, m->cap, m->x0 != NULL)) return 0;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = map_slot(&bigger, m->keys[i]);
        bigger.keys[j] = m->keys[i];
        bigger.vals[j] = m->vals[i];
        if (m->x0) {
            bigger.x0[j] = m->x0[i];
            bigger.x1[j] = m->x1[i];
        }
        bigger.len++;
    }
    map_free(m);
    *m = bigger;
    return 1;
}

/* slot of key, inserted (value 0) when absent; -1 when out of memory; *found says which */
static long map_put(PtrMap *m, uintptr_t key, int *found) {
    if ((m->len + 1) * 2 > m->cap && !map_grow(m)) return -1;
    size_t i = map_slot(m, key);
    *found = m->keys[i] != 0;
    if (!*found) {
        m->keys[i] = key;
        m->vals[i] = 0;
        m->len++;
    }
    return (long)i;
}

static int map_get(const PtrMap *m, uintptr_t key, uintptr_t *val) {
    size_t i = map_slot(m, key);
    if (!m->keys[i]) return 0;
    *val = m->vals[i];
    return 1;
}

/* ---------------------------------------------------------------- page objects */

typedef struct { double x, baseline, size; } Blank;
typedef struct { double left, bottom, right, top; } Rect;
typedef struct {
    Rect *items;
    size_t len, cap;
} Rects;

typedef struct {
    PtrMap span_of;      /* text object → its ActualText mark (0: none) */
    PtrMap span_extent;  /* span → left, right of all its objects */
    int has_spans;
    Blank *blanks;
    size_t n_blanks, cap_blanks;
    PtrMap hidden;       /* text object nobody sees → why (H_*) */
    Rect view;           /* the page's crop box */
    Rects filled, images; /* what is drawn beneath the text drawn after it (pdfium._Beneath) */
    long dropped[N_HIDDEN + 1];
} Objects;

static int rects_push(Rects *r, Rect rect) {
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        Rect *items = realloc(r->items, cap * sizeof(Rect));
        if (!items) return 0;
        r->items = items;
        r->cap = cap;
    }
    r->items[r->len++] = rect;
    return 1;
}

/* pdfium._inside */
static int inside(double x, double y, const Rect *r) {
    return r->left <= x && x <= r->right && r->bottom <= y && y <= r->top;
}

static int inside_any(double x, double y, const Rects *r) {
    for (size_t i = 0; i < r->len; i++)
        if (inside(x, y, &r->items[i])) return 1;
    return 0;
}

/* pdfium._Beneath.add */
static int beneath_add(Objects *out, int kind, H obj) {
    if (kind == PAGEOBJ_PATH) {
        int fill = 0, stroke = 0;
        if (!F.Path_GetDrawMode(obj, &fill, &stroke) || fill == 0) return 1;
        unsigned int r = 0, g = 0, b = 0, a = 0;
        if (!F.PageObj_GetFillColor(obj, &r, &g, &b, &a) || a < NO_ALPHA) return 1;
        if (r >= LIGHT && g >= LIGHT && b >= LIGHT) return 1; /* white on white */
    }
    float left = 0, bottom = 0, right = 0, top = 0;
    if (!F.PageObj_GetBounds(obj, &left, &bottom, &right, &top)) return 1;
    Rect rect = {(double)left, (double)bottom, (double)right, (double)top};
    if (!rects_push(&out->filled, rect)) return 0;
    if (kind == PAGEOBJ_IMAGE && !rects_push(&out->images, rect)) return 0;
    return 1;
}

/* pdfium._clip_rect: 1 and *box when the object has a clip path with points */
static int clip_rect(H obj, Rect *box) {
    H clip = F.PageObj_GetClipPath(obj);
    if (!clip) return 0;
    int have = 0;
    int n = F.ClipPath_CountPaths(clip);
    for (int p = 0; p < n; p++) {
        int any = 0;
        Rect own = {0, 0, 0, 0};
        int segments = F.ClipPath_CountPathSegments(clip, p);
        for (int k = 0; k < segments; k++) {
            H segment = F.ClipPath_GetPathSegment(clip, p, k);
            float x = 0, y = 0;
            if (!segment || !F.PathSegment_GetPoint(segment, &x, &y)) continue;
            double dx = (double)x, dy = (double)y;
            if (!any) {
                own.left = own.right = dx;
                own.bottom = own.top = dy;
                any = 1;
            } else { /* Python's min() and max(): the first of equals stays */
                if (dx < own.left) own.left = dx;
                if (dy < own.bottom) own.bottom = dy;
                if (dx > own.right) own.right = dx;
                if (dy > own.top) own.top = dy;
            }
        }
        if (!any) continue;
        if (!have) {
            *box = own;
            have = 1;
        } else {
            if (own.left > box->left) box->left = own.left;
            if (own.bottom > box->bottom) box->bottom = own.bottom;
            if (own.right < box->right) box->right = own.right;
            if (own.top < box->top) box->top = own.top;
        }
    }
    return have;
}

/* pdfium._paints */
static int paints(int stroke, H obj, double x, double y, const Objects *out) {
    unsigned int r = 0, g = 0, b = 0, a = 0;
    int got = stroke ? F.PageObj_GetStrokeColor(obj, &r, &g, &b, &a)
                     : F.PageObj_GetFillColor(obj, &r, &g, &b, &a);
    if (!got || a < NO_ALPHA) return 0;
    if (r < LIGHT || g < LIGHT || b < LIGHT) return 1;
    return inside_any(x, y, &out->filled);
}

/* pdfium._object_hidden */
static int object_hidden(H obj, const Rect *bounds, const Objects *out) {
    double x = (bounds->left + bounds->right) / 2, y = (bounds->bottom + bounds->top) / 2;
    Rect clip = {0, 0, 0, 0};
    if (clip_rect(obj, &clip) && !inside(x, y, &clip)) return H_CLIPPED;
    int mode = F.TextObj_GetTextRenderMode(obj);
    if (mode < 0) return 0;
    int fills = mode == 0 || mode == 2 || mode == 4 || mode == 6;
    int strokes = mode == 1 || mode == 2 || mode == 5 || mode == 6;
    if (fills && paints(0, obj, x, y, out)) return 0;
    if (strokes && paints(1, obj, x, y, out)) return 0;
    if ((mode == 3 || mode == 7) && inside_any(x, y, &out->images)) return 0;
    return H_UNPAINTED;
}

static uintptr_t actual_text_span(H obj) {
    uintptr_t span = 0;
    int n = F.PageObj_CountMarks(obj);
    for (int k = 0; k < n; k++) {
        H mark = F.PageObj_GetMark(obj, (unsigned long)k);
        if (F.Mark_GetParamValueType(mark, "ActualText") == OBJECT_STRING) span = (uintptr_t)mark;
    }
    return span;
}

static int scan_object(Objects *out, H obj) {
    uintptr_t key = (uintptr_t)obj;
    uintptr_t span = actual_text_span(obj);
    int found;
    if (key) {
        long slot = map_put(&out->span_of, key, &found);
        if (slot < 0) return 0;
        out->span_of.vals[slot] = span;
        if (span) out->has_spans = 1;
    }
    float left = 0, bottom = 0, right = 0, top = 0;
    if (!F.PageObj_GetBounds(obj, &left, &bottom, &right, &top)) return 1;
    Rect bounds = {(double)left, (double)bottom, (double)right, (double)top};
    int why = object_hidden(obj, &bounds, out);
    if (why) {
        if (key) {
            long slot = map_put(&out->hidden, key, &found);
            if (slot < 0) return 0;
            out->hidden.vals[slot] = (uintptr_t)why;
        }
        return 1;
    }
    if (span) {
        long slot = map_put(&out->span_extent, span, &found);
        if (slot < 0) return 0;
        double x0 = found ? out->span_extent.x0[slot] : (double)left;
        double x1 = found ? out->span_extent.x1[slot] : (double)right;
        /* Python's min(x0, left) and max(x1, right) */
        out->span_extent.x0[slot] = ((double)left < x0) ? (double)left : x0;
        out->span_extent.x1[slot] = ((double)right > x1) ? (double)right : x1;
    } else if ((double)right - (double)left <= 0.01 && (double)top - (double)bottom <= 0.01) {
        FS_MATRIX m = {0, 0, 0, 0, 0, 0};
        float size = 0;
        F.PageObj_GetMatrix(obj, &m);
        F.TextObj_GetFontSize(obj, &size);
        double scale = pow(pow((double)m.a, 2.0) + pow((double)m.b, 2.0), 0.5);
        if (scale == 0.0) scale = 1.0;
        double x = (double)m.e, baseline = (double)m.f, drawn = (double)size * scale;
        if (!inside(x, baseline, &out->view) || !(drawn >= MIN_TEXT_SIZE)) return 1;
        if (out->n_blanks == out->cap_blanks) {
            size_t cap = out->cap_blanks ? out->cap_blanks * 2 : 64;
            Blank *b = realloc(out->blanks, cap * sizeof(Blank));
            if (!b) return 0;
            out->blanks = b;
            out->cap_blanks = cap;
        }
        Blank *b = &out->blanks[out->n_blanks++];
        b->x = x;
        b->baseline = baseline;
        b->size = drawn;
    }
    return 1;
}

static int scan_container(Objects *out, H container, int form, int depth) {
    int n = form ? F.FormObj_CountObjects(container) : F.Page_CountObjects(container);
    for (int k = 0; k < n; k++) {
        H obj = form ? F.FormObj_GetObject(container, (unsigned long)k)
                     : F.Page_GetObject(container, k);
        int kind = F.PageObj_GetType(obj);
        if (kind == PAGEOBJ_TEXT) {
            if (!scan_object(out, obj)) return 0;
        } else if (kind == PAGEOBJ_PATH || kind == PAGEOBJ_IMAGE) {
            if (!beneath_add(out, kind, obj)) return 0;
        } else if (kind == PAGEOBJ_FORM && depth < MAX_FORM_DEPTH) {
            if (!scan_container(out, obj, 1, depth + 1)) return 0;
        }
    }
    return 1;
}

static void objects_free(Objects *o) {
    map_free(&o->span_of);
    map_free(&o->span_extent);
    map_free(&o->hidden);
    free(o->blanks);
    free(o->filled.items);
    free(o->images.items);
}

/* ---------------------------------------------------------------- glyphs */

#define INLINE_TEXT 6

typedef struct {
    Py_UCS4 inline_text[INLINE_TEXT];
    Py_UCS4 *heap;
    int len, cap;
    double x0, x1, baseline, size, ink0, ink1;
    double bottom, top; /* the loose box's (layout.Glyph.bottom, .top) */
    long order;
    char mark, space;
} Glyph;

typedef struct {
    Glyph *items;
    size_t len, cap;
} Glyphs;

static Py_UCS4 *glyph_text(Glyph *g) { return g->heap ? g->heap : g->inline_text; }

static int glyph_append(Glyph *g, const Py_UCS4 *s, int n) {
    if (g->len + n > (g->heap ? g->cap : INLINE_TEXT)) {
        int cap = (g->len + n) * 2;
        Py_UCS4 *heap = malloc((size_t)cap * sizeof(Py_UCS4));
        if (!heap) return 0;
        memcpy(heap, glyph_text(g), (size_t)g->len * sizeof(Py_UCS4));
        free(g->heap);
        g->heap = heap;
        g->cap = cap;
    }
    memcpy(glyph_text(g) + g->len, s, (size_t)n * sizeof(Py_UCS4));
    g->len += n;
    return 1;
}

static void glyph_classify(Glyph *g) {
    Py_UCS4 *t = glyph_text(g);
    int mark = g->len > 0, space = 1;
    for (int i = 0; i < g->len; i++) {
        if (!is_mark_char(t[i])) mark = 0;
        if (!is_py_space(t[i])) space = 0;
    }
    g->mark = (char)mark;
    g->space = (char)space;
}

static Glyph *glyphs_push(Glyphs *gs) {
    if (gs->len == gs->cap) {
        size_t cap = gs->cap ? gs->cap * 2 : 256;
        Glyph *items = realloc(gs->items, cap * sizeof(Glyph));
        if (!items) return NULL;
        gs->items = items;
        gs->cap = cap;
    }
    Glyph *g = &gs->items[gs->len++];
    memset(g, 0, sizeof(*g));
    return g;
}

static void glyphs_free(Glyphs *gs) {
    for (size_t i = 0; i < gs->len; i++) free(gs->items[i].heap);
    free(gs->items);
}

/* "(cid:N)": extract.unmapped */
static int unmapped_text(unsigned int code, Py_UCS4 *out) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "(cid:%u)", code);
    for (int i = 0; i < n; i++) out[i] = (Py_UCS4)(unsigned char)buf[i];
    return n;
}

/* pdfium.char_size: the font size, or that size in the character's matrix where the matrix
 * carries it (scaled up), never shrunk */
static double char_size(H tp, int i) {
    double size = F.Text_GetFontSize(tp, i);
    FS_MATRIX m = {0, 0, 0, 0, 0, 0};
    if (!F.Text_GetMatrix(tp, i, &m)) return size;
    double scale = pow(pow((double)m.a, 2.0) + pow((double)m.b, 2.0), 0.5);
    double scaled = size * scale;
    return scaled > size ? scaled : size; /* Python's max(size, size * scale) */
}

/* pdfium._kept_space: a generated space a text object carries at the end of a line */
static int kept_space(H tp, int i, int count) {
    if (F.Text_GetUnicode(tp, i) != 0x20 || i + 1 >= count) return 0;
    unsigned int next = F.Text_GetUnicode(tp, i + 1);
    return (next == 0x0D || next == 0x0A) && F.Text_IsGenerated(tp, i + 1) &&
           F.Text_GetTextObject(tp, i) != NULL;
}

/* pdfium._hidden_char: why nobody sees character i (its loose box given), 0 when they do */
static int hidden_char(H tp, int i, const Objects *objects, const FS_RECTF *loose) {
    if (objects->hidden.len) {
        uintptr_t key = (uintptr_t)F.Text_GetTextObject(tp, i), why = 0;
        if (key && map_get(&objects->hidden, key, &why) && why) return (int)why;
    }
    double x = ((double)loose->left + (double)loose->right) / 2;
    double y = ((double)loose->bottom + (double)loose->top) / 2;
    if (!inside(x, y, &objects->view)) return H_OUTSIDE;
    if ((double)loose->top - (double)loose->bottom < MIN_TEXT_SIZE &&
        char_size(tp, i) < MIN_TEXT_SIZE)
        return H_TINY;
    return 0;
}

/* the text ``unmapped(index, code)`` gives for a glyph PDFium has no Unicode value for (the
 * embedded font's cmap, read by Python): its characters into out (at most 31); the count, 0 when
 * the result does not fit (the page then needs Python), -2 on a Python error */
static int unmapped_from(PyObject *unmapped, int index, unsigned int code, Py_UCS4 *out) {
    PyObject *text = PyObject_CallFunction(unmapped, "iI", index, code);
    if (!text) return -2;
    if (!PyUnicode_Check(text)) {
        Py_DECREF(text);
        PyErr_SetString(PyExc_TypeError, "unmapped() must return a str");
        return -2;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n < 1 || n > 31) {
        Py_DECREF(text);
        return 0;
    }
    for (Py_ssize_t k = 0; k < n; k++) out[k] = PyUnicode_READ_CHAR(text, k);
    Py_DECREF(text);
    return (int)n;
}

/* pdfium._char_glyphs; returns 0 on out of memory, -1 when the page needs Python, -2 when
 * ``unmapped`` raised (the Python error is set) */
static int char_glyphs(H tp, Objects *objects, int start, int end, Glyphs *gs,
                       PyObject *unmapped) {
    PtrMap span_glyph, span_object;
    if (!map_init(&span_glyph, 64, 0) || !map_init(&span_object, 64, 0)) {
        map_free(&span_glyph);
        map_free(&span_object);
        return 0;
    }
    int ok = 1;
    FS_RECTF loose = {0, 0, 0, 0};
    double left = 0, right = 0, bottom = 0, top = 0, ox = 0, oy = 0;
    int count = F.Text_CountChars(tp);
    if (end < 0) end = count;
    for (int i = start; i < end; i++) {
        if (F.Text_IsGenerated(tp, i)) {
            if (kept_space(tp, i, count)) {
                const Py_UCS4 space = ' ';
                F.Text_GetLooseCharBox(tp, i, &loose);
                if (hidden_char(tp, i, objects, &loose)) continue; /* a hidden text's space */
                F.Text_GetCharOrigin(tp, i, &ox, &oy);
                double size = char_size(tp, i);
                Glyph *g = glyphs_push(gs);
                if (!g || !glyph_append(g, &space, 1)) { ok = 0; break; }
                g->x0 = g->ink0 = (double)loose.left;
                g->x1 = g->ink1 = (double)loose.right;
                g->bottom = (double)loose.bottom;
                g->top = (double)loose.top;
                g->baseline = oy;
                g->size = size;
                g->order = (long)gs->len - 1;
            }
            continue; /* PDFium's own spaces and line breaks: layout decides those */
        }
        F.Text_GetLooseCharBox(tp, i, &loose);
        int why = hidden_char(tp, i, objects, &loose);
        if (why) {
            objects->dropped[why]++;
            continue;
        }
        unsigned int code = F.Text_GetUnicode(tp, i);
        uintptr_t span = 0;
        if (objects->has_spans) {
            uintptr_t key = (uintptr_t)F.Text_GetTextObject(tp, i);
            if (key && !map_get(&objects->span_of, key, &span)) span = 0;
            if (span) {
                int found;
                long slot = map_put(&span_object, span, &found);
                if (slot < 0) { ok = 0; break; }
                if (!found) span_object.vals[slot] = key;
                if (span_object.vals[slot] != key) continue; /* PDFium's extra copy */
            }
        }
        Py_UCS4 ch[32];
        int n = 1;
        ch[0] = (Py_UCS4)code;
        if (code > 0x10FFFF) ch[0] = 0xFFFD; /* chr() would raise: valid_text replaces it */
        if (code == PDFIUM_HYPHEN && F.Text_IsHyphen(tp, i)) {
            ch[0] = '-';
        } else if (!is((Py_UCS4)code, C_TEXT) && F.Text_HasUnicodeMapError(tp, i)) {
            if (code > 0xFF) { /* the embedded font's cmap, read by Python */
                if (unmapped == NULL) { ok = -1; break; }
                n = unmapped_from(unmapped, i, code, ch);
                if (n == -2) { ok = -2; break; }
                if (n == 0) { ok = -1; break; }
            } else {
                n = unmapped_text(code, ch);
            }
        }
        if (span) {
            uintptr_t at;
            if (map_get(&span_glyph, span, &at)) {
                if (!glyph_append(&gs->items[at], ch, n)) { ok = 0; break; }
                continue;
            }
        }
        F.Text_GetCharOrigin(tp, i, &ox, &oy);
        double x0 = (double)loose.left, x1 = (double)loose.right;
        double ink0 = x0, ink1 = x1;
        if (span) {
            int found;
            long slot = map_put(&span_glyph, span, &found);
            if (slot < 0) { ok = 0; break; }
            span_glyph.vals[slot] = gs->len;
            uintptr_t dummy;
            if (map_get(&objects->span_extent, span, &dummy)) {
                size_t s = map_slot(&objects->span_extent, span);
                x0 = ink0 = objects->span_extent.x0[s];
                x1 = ink1 = objects->span_extent.x1[s];
            }
        } else if (n == 1 && is_mark_char(ch[0])) {
            F.Text_GetCharBox(tp, i, &left, &right, &bottom, &top);
            ink0 = left;
            ink1 = right;
        }
        double size = char_size(tp, i);
        Glyph *g = glyphs_push(gs);
        if (!g) { ok = 0; break; }
        if (!glyph_append(g, ch, n)) { ok = 0; break; }
        g->x0 = x0;
        g->x1 = x1;
        g->bottom = (double)loose.bottom;
        g->top = (double)loose.top;
        g->baseline = oy;
        g->size = size;
        g->ink0 = ink0;
        g->ink1 = ink1;
        g->order = (long)gs->len - 1;
    }
    map_free(&span_glyph);
    map_free(&span_object);
    return ok;
}

/* ---------------------------------------------------------------- layout (layout.py) */

typedef struct {
    Glyphs *gs;
    size_t *idx; /* glyph indices of the line, in group order */
    size_t n;
    double baseline, size;
} Line;

static Glyphs *sort_glyphs; /* the glyphs the comparators read (one call at a time: GIL) */

static int cmp_group(const void *a, const void *b) {
    const Glyph *ga = &sort_glyphs->items[*(const size_t *)a];
    const Glyph *gb = &sort_glyphs->items[*(const size_t *)b];
    double ka = -ga->baseline, kb = -gb->baseline;
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    return (ga->order > gb->order) - (ga->order < gb->order);
}

typedef struct {
    double key;
    long order;
    size_t i;
} BaseKey;

static int cmp_base(const void *a, const void *b) {
    const BaseKey *x = a, *y = b;
    if (x->key < y->key) return -1;
    if (x->key > y->key) return 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int cmp_order(const void *a, const void *b) {
    const Glyph *ga = &sort_glyphs->items[*(const size_t *)a];
    const Glyph *gb = &sort_glyphs->items[*(const size_t *)b];
    return (ga->order > gb->order) - (ga->order < gb->order);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* whether an array is already in order: glyphs mostly come in reading order */
static int sorted_by(const void *items, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    const char *p = items;
    for (size_t i = 1; i < n; i++)
        if (cmp(p + (i - 1) * size, p + i * size) > 0) return 0;
    return 1;
}

/* bisect.bisect_right on the bases' starts (not strictly sorted: the same algorithm matters) */
static size_t bisect_right(const double *a, size_t n, double x) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x < a[mid]) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* layout._host_of: index into bases, -1 for none */
static long host_of(const Glyph *mark, Glyph *const *bases, const double *starts, size_t nb,
                    int any_inked) {
    if (!any_inked) return -1;
    double centre = (mark->ink0 + mark->ink1) / 2;
    size_t at = bisect_right(starts, nb, centre);
    size_t from = at > REACH ? at - REACH : 0;
    long first_inside = -1, best_before = -1;
    for (size_t i = from; i < at; i++) {
        if (bases[i]->space || !(centre <= bases[i]->x1)) continue;
        if (first_inside < 0) first_inside = (long)i;
        if (bases[i]->order < mark->order &&
            (best_before < 0 || bases[i]->order > bases[best_before]->order))
            best_before = (long)i;
    }
    if (first_inside >= 0) return best_before >= 0 ? best_before : first_inside;
    size_t to = at + REACH < nb ? at + REACH : nb;
    long best = -1;
    double best_key = 0;
    int near = 0;
    for (size_t i = from; i < to; i++)
        if (!bases[i]->space) { near = 1; break; }
    size_t lo = near ? from : 0, hi = near ? to : nb;
    for (size_t i = lo; i < hi; i++) {
        if (bases[i]->space) continue;
        double a = fabs(bases[i]->x0 - centre), b = fabs(bases[i]->x1 - centre);
        double key = (b < a) ? b : a; /* Python's min(a, b) */
        if (best < 0 || key < best_key) {
            best = (long)i;
            best_key = key;
        }
    }
    return best;
}

typedef struct {
    Py_UCS4 *s;
    size_t len, cap;
} Buf;

static int buf_add(Buf *b, const Py_UCS4 *s, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 64;
        Py_UCS4 *p = realloc(b->s, cap * sizeof(Py_UCS4));
        if (!p) return 0;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n * sizeof(Py_UCS4));
    b->len += n;
    return 1;
}

static int is_control(Py_UCS4 c) {
    return (c >= 0x01 && c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F;
}

/* layout._order_line then layout._line_text: the text of one line as a new str */
typedef struct {
    double *items;
    size_t len, cap;
} Doubles;

static int doubles_push(Doubles *d, double v) {
    if (d->len == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        double *items = realloc(d->items, cap * sizeof(double));
        if (!items) return 0;
        d->items = items;
        d->cap = cap;
    }
    d->items[d->len++] = v;
    return 1;
}

/* layout._line_text; with ``collect``, layout._base_gaps instead: the gaps between the line's
 * letters in font sizes appended to it, and Py_None returned (a new reference) */
static PyObject *line_text(Line *line, int gap_spaces, double letters, Doubles *collect) {
    Glyphs *gs = line->gs;
    size_t n = line->n, nb = 0, nm = 0;
    Glyph **bases = malloc((n + 1) * sizeof(Glyph *));
    BaseKey *keys = malloc((n + 1) * sizeof(BaseKey));
    size_t *marks = malloc((n + 1) * sizeof(size_t));
    double *starts = malloc((n + 1) * sizeof(double));
    long *host = malloc((n + 1) * sizeof(long));
    Glyph **ordered = malloc((n + 1) * sizeof(Glyph *));
    double *sizes = malloc((n + 1) * sizeof(double));
    Buf buf = {NULL, 0, 0};
    PyObject *result = NULL;
    if (!bases || !keys || !marks || !starts || !host || !ordered || !sizes) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        Glyph *g = &gs->items[line->idx[k]];
        if (g->mark) {
            marks[nm++] = line->idx[k];
        } else {
            keys[nb].key = nearbyint(g->x0 * 2); /* Python's round(): half to even */
            keys[nb].order = g->order;
            keys[nb].i = line->idx[k];
            nb++;
        }
    }
    if (!sorted_by(keys, nb, sizeof(BaseKey), cmp_base)) qsort(keys, nb, sizeof(BaseKey), cmp_base);
    int any_inked = 0;
    for (size_t k = 0; k < nb; k++) {
        bases[k] = &gs->items[keys[k].i];
        starts[k] = bases[k]->x0;
        if (!bases[k]->space) any_inked = 1;
    }
    sort_glyphs = gs;
    if (!sorted_by(marks, nm, sizeof(size_t), cmp_order))
        qsort(marks, nm, sizeof(size_t), cmp_order);
    /* each base's marks, in the marks' order: counted, then placed (first[b] .. first[b+1]) */
    size_t *first = calloc(nb + 2, sizeof(size_t));
    size_t *placed = malloc((nm + 1) * sizeof(size_t));
    if (!first || !placed) {
        free(first);
        free(placed);
        goto nomem;
    }
    for (size_t k = 0; k < nm; k++) {
        host[k] = host_of(&gs->items[marks[k]], bases, starts, nb, any_inked);
        first[host[k] + 2]++; /* host -1 .. nb-1 → slot 1 .. nb */
    }
    for (size_t b = 1; b < nb + 2; b++) first[b] += first[b - 1];
    for (size_t k = 0; k < nm; k++) placed[first[host[k] + 1]++] = marks[k];
    /* now first[h + 1] is the end of host h's marks, and first[h] its start */
    size_t no = 0;
    for (size_t k = 0; k < first[0]; k++) ordered[no++] = &gs->items[placed[k]];
    for (size_t b = 0; b < nb; b++) {
        ordered[no++] = bases[b];
        for (size_t k = first[b]; k < first[b + 1]; k++) ordered[no++] = &gs->items[placed[k]];
    }
    free(first);
    free(placed);
    /* the median font size of the line's inked glyphs */
    size_t ns = 0;
    for (size_t k = 0; k < no; k++)
        if (!ordered[k]->space) sizes[ns++] = ordered[k]->size;
    double size = line->size;
    if (ns) {
        qsort(sizes, ns, sizeof(double), cmp_double);
        size = sizes[ns / 2];
    }
    if (collect) {
        int have = 0;
        if (!(size > 0)) no = 0; /* layout._base_gaps: no gaps on a line of no size */
        double prev = 0;
        for (size_t k = 0; k < no; k++) {
            Glyph *g = ordered[k];
            if (g->space || g->mark) continue;
            if (have && !doubles_push(collect, (g->x0 - prev) / size)) goto nomem;
            prev = g->x1;
            have = 1;
        }
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    double gap = gap_spaces ? letters * size : INFINITY;
    int have_prev = 0, any_part = 0, last_is_space = 0;
    double prev_x1 = 0;
    const Py_UCS4 space = ' ';
    for (size_t k = 0; k < no; k++) {
        Glyph *g = ordered[k];
        if (g->space) {
            if (any_part && !last_is_space) {
                if (!buf_add(&buf, &space, 1)) goto nomem;
                last_is_space = 1;
            }
            double p = (have_prev && prev_x1 != 0.0) ? prev_x1 : g->x1; /* prev_x1 or g.x1 */
            prev_x1 = (g->x1 > p) ? g->x1 : p;
            have_prev = 1;
            continue;
        }
        if (g->mark) {
            if (!buf_add(&buf, glyph_text(g), (size_t)g->len)) goto nomem;
            any_part = 1;
            last_is_space = 0;
            continue;
        }
        if (have_prev && g->x0 - prev_x1 > gap && any_part && !last_is_space) {
            if (!buf_add(&buf, &space, 1)) goto nomem;
        }
        if (!buf_add(&buf, glyph_text(g), (size_t)g->len)) goto nomem;
        any_part = 1;
        last_is_space = 0;
        prev_x1 = g->x1;
        have_prev = 1;
    }
    size_t from = 0;
    for (size_t k = 0; k < buf.len; k++)
        if (is_control(buf.s[k])) buf.s[k] = ' ';
    while (from < buf.len && buf.s[from] == ' ') from++;
    result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf.s ? buf.s + from : buf.s,
                                       (Py_ssize_t)(buf.len - from));
    goto done;
nomem:
    PyErr_NoMemory();
done:
    free(bases);
    free(keys);
    free(marks);
    free(starts);
    free(host);
    free(ordered);
    free(sizes);
    free(buf.s);
    return result;
}

/* layout.line_box: the box of a line's inked glyphs in the page's frame, as a new tuple, or
 * Py_None (a new reference) without a frame or ink */
static PyObject *line_box(Line *line, const double *frame) {
    double x0 = 0, x1 = 0, bottom = 0, top = 0;
    int ink = 0;
    if (frame) {
        for (size_t k = 0; k < line->n; k++) {
            Glyph *g = &line->gs->items[line->idx[k]];
            if (g->space) continue;
            if (!ink || g->x0 < x0) x0 = g->x0;
            if (!ink || g->x1 > x1) x1 = g->x1;
            if (!ink || g->bottom < bottom) bottom = g->bottom;
            if (!ink || g->top > top) top = g->top;
            ink = 1;
        }
    }
    if (!ink) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    return Py_BuildValue("(dddd)", x0 + frame[0], frame[1] - top, x1 + frame[0],
                         frame[1] - bottom);
}

/* layout.assemble_lines → list of (text, wrapped, box) */
static PyObject *assemble_lines(Glyphs *gs, double right_edge, int have_right_edge,
                                int gap_spaces, const double *frame) {
    size_t n = gs->len;
    size_t *order = malloc((n + 1) * sizeof(size_t));
    Line *lines = malloc((n + 1) * sizeof(Line));
    PyObject *out = NULL;
    size_t nl = 0;
    if (!order || !lines) {
        free(order);
        free(lines);
        return PyErr_NoMemory();
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    sort_glyphs = gs;
    if (!sorted_by(order, n, sizeof(size_t), cmp_group)) qsort(order, n, sizeof(size_t), cmp_group);
    for (size_t k = 0; k < n; k++) {
        Glyph *g = &gs->items[order[k]];
        double limit = SAME_LINE * (g->size > 1.0 ? g->size : 1.0); /* max(g.size, 1.0) */
        if (nl && fabs(lines[nl - 1].baseline - g->baseline) <= limit) {
            lines[nl - 1].n++;
        } else {
            lines[nl].gs = gs;
            lines[nl].idx = &order[k];
            lines[nl].n = 1;
            lines[nl].baseline = g->baseline;
            lines[nl].size = g->size;
            nl++;
        }
    }
    if (!have_right_edge) {
        int any = 0;
        right_edge = 0.0;
        for (size_t l = 0; l < nl; l++) {
            int first = 1;
            double m = 0;
            for (size_t k = 0; k < lines[l].n; k++) {
                Glyph *g = &gs->items[lines[l].idx[k]];
                if (g->space) continue;
                if (first || g->x1 > m) m = g->x1;
                first = 0;
            }
            if (first) continue;
            if (!any || m > right_edge) right_edge = m;
            any = 1;
        }
    }
    double letters = SPACE_GAP;
    int any_space = 0;
    for (size_t i = 0; i < n; i++)
        if (gs->items[i].space) any_space = 1;
    if (gap_spaces && !any_space) { /* layout.letter_gap: no space drawn on the page */
        Doubles gaps = {NULL, 0, 0};
        for (size_t l = 0; l < nl; l++) {
            PyObject *none = line_text(&lines[l], gap_spaces, letters, &gaps);
            if (!none) {
                free(gaps.items);
                goto done;
            }
            Py_DECREF(none);
        }
        if (gaps.len) {
            qsort(gaps.items, gaps.len, sizeof(double), cmp_double);
            double median = gaps.items[gaps.len / 2];
            if (median + WORD_GAP < SPACE_GAP) letters = median + WORD_GAP;
        }
        free(gaps.items);
    }
    out = PyList_New((Py_ssize_t)nl);
    if (!out) goto done;
    for (size_t l = 0; l < nl; l++) {
        PyObject *text = line_text(&lines[l], gap_spaces, letters, NULL);
        if (!text) {
            Py_CLEAR(out);
            goto done;
        }
        int ink = 0;
        double m = 0;
        for (size_t k = 0; k < lines[l].n; k++) {
            Glyph *g = &gs->items[lines[l].idx[k]];
            if (g->space) continue;
            if (!ink || g->x1 > m) m = g->x1;
            ink = 1;
        }
        int wrapped = ink && m >= right_edge - WRAP_SLACK * lines[l].size;
        PyObject *box = line_box(&lines[l], frame);
        if (!box) {
            Py_DECREF(text);
            Py_CLEAR(out);
            goto done;
        }
        PyObject *item = Py_BuildValue("(NON)", text, wrapped ? Py_True : Py_False, box);
        if (!item) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)l, item);
    }
done:
    free(order);
    free(lines);
    return out;
}

/* ---------------------------------------------------------------- repair triggers */

/* a str argument's characters, or 0 with TypeError set */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static int text_of(PyObject *arg, Text *t) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "a str is expected");
        return 0;
    }
    t->kind = PyUnicode_KIND(arg);
    t->data = PyUnicode_DATA(arg);
    t->n = PyUnicode_GET_LENGTH(arg);
    return 1;
}

/* thai.repairs.repairs_may_apply: a scan of the page text for the necessary conditions of
 * the text-layer repairs (_MAY_NEED_REPAIR and _MAY_BE_DUPLICATED there, which define them) */

static int is_consonant(Py_UCS4 c) { return is(c, C_CONSONANT); }
static int is_tone(Py_UCS4 c) { return is(c, C_TONE); }

/* the conditions of the repairs, in the order of LAYER_REPAIRS */
enum { R_PUA, R_LIGATURE, R_SPLIT, R_TAIL, R_SPACE_MARK, R_SPACE_VOWEL, R_DOUBLED, R_ORDER,
       R_DUPLICATED, R_KINDS };

static void repair_conditions_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t i,
                                 int *found) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    uint32_t k = classes(c);
    if (k & C_PUA_MAPPED) found[R_PUA] = 1;
    if (k & C_LIGATURE) found[R_LIGATURE] = 1;
    if (k & C_NIKHAHIT) found[R_SPLIT] = 1;
    if (i + 1 >= n) return;
    Py_UCS4 d = PyUnicode_READ(kind, data, i + 1);
    uint32_t kd = classes(d);
    if ((k & C_SARA_AM) && (kd & (C_TONE | C_SARA_AA | C_SARA_AM))) found[R_TAIL] = 1;
    if (k & C_CLUSTER_GAP) {
        if (kd & C_MARK) found[R_SPACE_MARK] = 1;
        if (kd & C_FOLLOWING_VOWEL) found[R_SPACE_VOWEL] = 1;
    }
    if ((k & (C_MARK | C_SARA_AM)) && d == c) found[R_DOUBLED] = 1;
    if ((k & (C_TONE | C_SILENCER)) && (kd & C_MARK)) found[R_ORDER] = 1;
}

static int is_next_letter(Py_UCS4 c) { return is(c, C_CLUSTER_NEXT); }

/* a consonant with its marks at i, one letter, the same cluster again, not followed by a
 * mark or a line break: DUPLICATED_CLUSTER matching at i (its cluster backtracks) */
static int duplicated_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t i) {
    if (!is_consonant(PyUnicode_READ(kind, data, i))) return 0;
    Py_ssize_t run = 0;
    while (i + 1 + run < n && is_mark_char(PyUnicode_READ(kind, data, i + 1 + run))) run++;
    for (Py_ssize_t k = run; k >= 1; k--) {
        Py_ssize_t len = k + 1, next = i + len, copy = next + 1, after = copy + len;
        if (after > n || !is_next_letter(PyUnicode_READ(kind, data, next))) continue;
        int same = 1;
        for (Py_ssize_t j = 0; j < len && same; j++)
            same = PyUnicode_READ(kind, data, i + j) == PyUnicode_READ(kind, data, copy + j);
        if (!same) continue;
        if (after < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, after);
            if (is_mark_char(c) || c == '\n') continue;
        }
        return 1;
    }
    return 0;
}

static PyObject *py_repairs_may_apply(PyObject *self, PyObject *arg) {
    Text t;
    if (!need_tables() || !text_of(arg, &t)) return NULL;
    int kind = t.kind;
    const void *data = t.data;
    Py_ssize_t n = t.n;
    int found[R_KINDS] = {0};
    for (Py_ssize_t i = 0; i < n; i++) {
        repair_conditions_at(kind, data, n, i, found);
        if (!found[R_DUPLICATED]) found[R_DUPLICATED] = duplicated_at(kind, data, n, i);
    }
    PyObject *out = PyTuple_New(R_KINDS);
    if (!out) return NULL;
    for (int k = 0; k < R_KINDS; k++) {
        PyObject *b = found[k] ? Py_True : Py_False;
        Py_INCREF(b);
        PyTuple_SET_ITEM(out, k, b);
    }
    return out;
}

/* ---------------------------------------------------------------- damage counters */

/* thai.damage.count_damage(text, duplicates=False): each DAMAGE_PATTERNS pattern's
 * findall count, in one pass */

enum { D_PUA, D_SPLIT, D_ORPHAN_MARK, D_ORPHAN_VOWEL, D_STACKED, D_FFFD, D_CID, D_NUL, D_KINDS };
static const char *damage_names[D_KINDS] = {
    "pua", "split_sara_am", "orphan_mark", "orphan_vowel", "stacked_tones",
    "replacement_char", "cid", "nul",
};

/* a mark that may stand between two stacked tones: any mark but a tone */
static int is_stack_between(Py_UCS4 c) {
    uint32_t k = classes(c);
    return (k & C_MARK) && !(k & C_TONE);
}

static PyObject *py_count_damage(PyObject *self, PyObject *arg) {
    Text t;
    if (!need_tables() || !text_of(arg, &t)) return NULL;
    int kind = t.kind;
    const void *data = t.data;
    Py_ssize_t n = t.n;
    Py_ssize_t counts[D_KINDS] = {0};
#define AT(k) PyUnicode_READ(kind, data, (k))
    /* patterns read independently of each other's matches */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = AT(i);
        if (is(c, C_PUA_LEGACY)) counts[D_PUA]++;
        else if (c == 0xFFFD) counts[D_FFFD]++;
        else if (c == 0) counts[D_NUL]++;
        else if (is_mark_char(c)) {
            Py_UCS4 p = i ? AT(i - 1) : 0;
            if (!(is_consonant(p) || is_mark_char(p))) counts[D_ORPHAN_MARK]++;
        } else if (c == ' ' && i > 0 && i + 1 < n) {
            Py_UCS4 p = AT(i - 1), d = AT(i + 1);
            if (is(p, C_LETTER) && is(d, C_FOLLOWING_VOWEL))
                counts[D_ORPHAN_VOWEL]++;
        }
    }
    /* NIKHAHIT [U+FFFD or space]? SARA AA, left to right without overlap */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!is(AT(i), C_NIKHAHIT) || i + 1 >= n) continue;
        Py_UCS4 d = AT(i + 1);
        if (is(d, C_SARA_AA)) {
            counts[D_SPLIT]++;
            i += 1;
        } else if ((d == 0xFFFD || d == ' ') && i + 2 < n && is(AT(i + 2), C_SARA_AA)) {
            counts[D_SPLIT]++;
            i += 2;
        }
    }
    /* a tone, marks that are not tones, a tone */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!is_tone(AT(i))) continue;
        Py_ssize_t j = i + 1;
        while (j < n && is_stack_between(AT(j))) j++;
        if (j < n && is_tone(AT(j))) {
            counts[D_STACKED]++;
            i = j;
        }
    }
    /* (cid:DIGITS) */
    for (Py_ssize_t i = 0; i + 6 < n; i++) {
        if (AT(i) != '(' || AT(i + 1) != 'c' || AT(i + 2) != 'i' || AT(i + 3) != 'd' ||
            AT(i + 4) != ':')
            continue;
        Py_ssize_t j = i + 5;
        while (j < n && Py_UNICODE_ISDECIMAL(AT(j))) j++;
        if (j > i + 5 && j < n && AT(j) == ')') {
            counts[D_CID]++;
            i = j;
        }
    }
#undef AT
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    for (int k = 0; k < D_KINDS; k++) {
        if (!counts[k]) continue;
        PyObject *v = PyLong_FromSsize_t(counts[k]);
        if (!v || PyDict_SetItemString(out, damage_names[k], v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(v);
    }
    return out;
}

/* ---------------------------------------------------------------- module */

static PyObject *py_configure(PyObject *self, PyObject *args) {
    PyObject *seq;
    if (!PyArg_ParseTuple(args, "O!", &PyTuple_Type, &seq)) return NULL;
    if (PyTuple_GET_SIZE(seq) != N_FUNCTIONS) {
        PyErr_Format(PyExc_ValueError, "expected %d function addresses", N_FUNCTIONS);
        return NULL;
    }
    void *ptrs[N_FUNCTIONS];
    for (int i = 0; i < N_FUNCTIONS; i++) {
        ptrs[i] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(seq, i));
        if (!ptrs[i]) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null function address");
            return NULL;
        }
    }
    memcpy(&F, ptrs, sizeof(F));
    configured = 1;
    Py_RETURN_NONE;
}

/* one class bit by its name in thai.chars.Th */
static int class_bit(PyObject *bits, const char *name, uint32_t *out) {
    PyObject *v = PyDict_GetItemString(bits, name);
    if (!v) {
        PyErr_Format(PyExc_KeyError, "no class %s", name);
        return 0;
    }
    unsigned long bit = PyLong_AsUnsignedLong(v);
    if (PyErr_Occurred()) return 0;
    *out = (uint32_t)bit;
    return 1;
}

static int read_words(PyObject *data, uint32_t *out, Py_ssize_t count) {
    char *buf;
    Py_ssize_t len;
    if (PyBytes_AsStringAndSize(data, &buf, &len) < 0) return 0;
    if (len != count * 4) {
        PyErr_Format(PyExc_ValueError, "expected %zd bytes of classes", count * 4);
        return 0;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        const unsigned char *b = (const unsigned char *)buf + 4 * i;
        out[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    }
    return 1;
}

static PyObject *py_configure_tables(PyObject *self, PyObject *args) {
    PyObject *low, *block, *above, *bits;
    if (!PyArg_ParseTuple(args, "SSO!O!", &low, &block, &PyTuple_Type, &above, &PyDict_Type,
                          &bits))
        return NULL;
    if (!read_words(low, low_table, 256) || !read_words(block, block_table, 128)) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(above);
    Run *runs = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Run));
    if (!runs) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned long lo, hi, flags;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(above, i), "kkk", &lo, &hi, &flags)) {
            PyMem_Free(runs);
            return NULL;
        }
        runs[i].lo = (Py_UCS4)lo;
        runs[i].hi = (Py_UCS4)hi;
        runs[i].flags = (uint32_t)flags;
    }
    struct { const char *name; uint32_t *bit; } named[] = {
        {"CONSONANT", &C_CONSONANT}, {"MARK", &C_MARK}, {"TONE", &C_TONE},
        {"SILENCER", &C_SILENCER}, {"NIKHAHIT", &C_NIKHAHIT}, {"SARA_AA", &C_SARA_AA},
        {"SARA_AM", &C_SARA_AM}, {"FOLLOWING_VOWEL", &C_FOLLOWING_VOWEL}, {"LETTER", &C_LETTER},
        {"TEXT", &C_TEXT}, {"PUA_MAPPED", &C_PUA_MAPPED}, {"PUA_LEGACY", &C_PUA_LEGACY},
        {"LIGATURE", &C_LIGATURE}, {"CLUSTER_GAP", &C_CLUSTER_GAP},
        {"CLUSTER_NEXT", &C_CLUSTER_NEXT},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (!class_bit(bits, named[i].name, named[i].bit)) {
            PyMem_Free(runs);
            return NULL;
        }
    }
    PyMem_Free(above_runs);
    above_runs = runs;
    n_above = n;
    tables_configured = 1;
    Py_RETURN_NONE;
}

static PyObject *py_glyph_lines(PyObject *self, PyObject *args) {
    PyObject *page_o, *tp_o, *edge_o, *unmapped = Py_None, *frame_o = Py_None;
    int start, end, with_blanks, skia;
    double view_l, view_b, view_r, view_t;
    double frame[2] = {0, 0};
    if (!PyArg_ParseTuple(args, "OOiippO(dddd)|OO", &page_o, &tp_o, &start, &end, &with_blanks,
                          &skia, &edge_o, &view_l, &view_b, &view_r, &view_t, &unmapped,
                          &frame_o))
        return NULL;
    if (frame_o != Py_None && !PyArg_ParseTuple(frame_o, "dd", &frame[0], &frame[1])) return NULL;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "configure() first");
        return NULL;
    }
    if (!need_tables()) return NULL;
    H page = PyLong_AsVoidPtr(page_o);
    H tp = PyLong_AsVoidPtr(tp_o);
    if (PyErr_Occurred()) return NULL;
    if (!page || !tp) {
        PyErr_SetString(PyExc_ValueError, "null page or text page");
        return NULL;
    }
    double right_edge = 0;
    int have_edge = edge_o != Py_None;
    if (have_edge) {
        right_edge = PyFloat_AsDouble(edge_o);
        if (PyErr_Occurred()) return NULL;
    }
    Objects objects;
    memset(&objects, 0, sizeof objects);
    objects.view.left = view_l;
    objects.view.bottom = view_b;
    objects.view.right = view_r;
    objects.view.top = view_t;
    Glyphs gs = {NULL, 0, 0};
    PyObject *out = NULL;
    int n_objects = F.Page_CountObjects(page);
    if (!map_init(&objects.span_of, n_objects > 0 ? (size_t)n_objects : 16, 0) ||
        !map_init(&objects.span_extent, 64, 1) || !map_init(&objects.hidden, 16, 0) ||
        !scan_container(&objects, page, 0, 0)) {
        PyErr_NoMemory();
        goto done;
    }
    int got = char_glyphs(tp, &objects, start, end, &gs, unmapped == Py_None ? NULL : unmapped);
    if (got == -2) goto done;
    if (got == 0) {
        PyErr_NoMemory();
        goto done;
    }
    if (got < 0) {
        out = Py_None;
        Py_INCREF(out);
        goto done;
    }
    size_t n_chars = gs.len;
    if (with_blanks) {
        for (size_t k = 0; k < objects.n_blanks; k++) {
            Glyph *g = glyphs_push(&gs);
            const Py_UCS4 space = ' ';
            if (!g || !glyph_append(g, &space, 1)) {
                PyErr_NoMemory();
                goto done;
            }
            Blank *b = &objects.blanks[k];
            g->x0 = g->x1 = g->ink0 = g->ink1 = b->x;
            g->baseline = b->baseline;
            g->size = b->size;
            g->order = (long)(n_chars + k);
        }
    }
    for (size_t i = 0; i < gs.len; i++) glyph_classify(&gs.items[i]);
    int gap_spaces = !(skia && with_blanks && objects.n_blanks > 0);
    PyObject *lines =
        assemble_lines(&gs, right_edge, have_edge, gap_spaces, frame_o == Py_None ? NULL : frame);
    if (!lines) goto done;
    out = Py_BuildValue("(N(llll))", lines, objects.dropped[H_OUTSIDE], objects.dropped[H_CLIPPED],
                        objects.dropped[H_UNPAINTED], objects.dropped[H_TINY]);
done:
    glyphs_free(&gs);
    objects_free(&objects);
    return out;
}

static PyMethodDef methods[] = {
    {"configure", py_configure, METH_VARARGS,
     "configure(addresses): the PDFium functions, in the order of pdfium.FUNCTIONS."},
    {"configure_tables", py_configure_tables, METH_VARARGS,
     "configure_tables(low, block, above, bits): the character classes of thai.chars."},
    {"glyph_lines", py_glyph_lines, METH_VARARGS,
     "glyph_lines(page, textpage, start, end, with_blanks, skia, right_edge, view[, unmapped[, "
     "frame]]) -> ([(text, wrapped, box)], hidden counts) or None: pdfium.geometry_lines "
     "computed in C, the page's crop box given; unmapped(index, code) "
     "reads a glyph without Unicode value from its font (without it, such a page is None); "
     "frame (dx, top): the lines' boxes (layout.line_box), else None."},
    {"repairs_may_apply", py_repairs_may_apply, METH_O,
     "repairs_may_apply(text) -> tuple of bool: thai.repairs.repairs_may_apply in C."},
    {"count_damage", py_count_damage, METH_O,
     "count_damage(text) -> dict: thai.damage.count_damage(text, duplicates=False) in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups",
    "The hot loops of reportparse in C, each the twin of a Python function (see speedups.py).",
    -1,
    methods,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
