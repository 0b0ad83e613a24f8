#ifndef READER_CNCURSES_SHIM_H
#define READER_CNCURSES_SHIM_H

// The wide-character API (get_wch, add_wch, setcchar, wint_t) is only declared with this set;
// SwiftPM drops the -D flags pkg-config would give, so the shim says it itself.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <signal.h>
#include <unistd.h>

extern int wcwidth(wchar_t c);

/// Cells libc gives a character in the current locale (-1: not printable).
static inline int reader_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

// Macros and globals Swift cannot import, as functions.
static inline attr_t reader_a_bold(void) { return A_BOLD; }
static inline attr_t reader_a_reverse(void) { return A_REVERSE; }
static inline attr_t reader_a_underline(void) { return A_UNDERLINE; }
static inline attr_t reader_a_dim(void) { return A_DIM; }
static inline attr_t reader_a_italic(void) { return A_ITALIC; }
static inline WINDOW *reader_stdscr(void) { return stdscr; }
static inline int reader_key_f(int n) { return KEY_F(n); }
static inline int reader_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int reader_getmaxx(WINDOW *w) { return getmaxx(w); }

/// Mouse reports on or off: presses of the first button and the wheel, no click resolution by
/// ncurses (reader tells double clicks itself). The key code ncurses gives for a report.
static inline void reader_mouse(int on) {
    mousemask(on ? (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0, NULL);
    mouseinterval(0);
}
static inline int reader_key_mouse(void) { return KEY_MOUSE; }

/// The report behind a KEY_MOUSE: 1 the first button pressed, 4 wheel up, 5 wheel down, 0
/// anything else, -1 none; the cell in *y, *x.
static inline int reader_get_mouse(int *y, int *x) {
    MEVENT e;
    if (getmouse(&e) != OK) return -1;
    *y = e.y;
    *x = e.x;
    if (e.bstate & BUTTON1_PRESSED) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 4;
    if (e.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}

/// Puts one cell: a spacing character plus up to four combining ones, with attributes and a
/// colour pair. Returns ERR when ncurses refuses it.
static inline int reader_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// Whether `term` names a terminal that can draw a full screen: 0 yes, 1 unknown to terminfo,
/// 2 no terminfo database, 3 no cursor addressing (TERM=dumb and the like).
static inline int reader_check_terminal(const char *term) {
    int err = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)term, STDOUT_FILENO, &err) != OK) return err == 0 ? 1 : 2;
    char *cup = tigetstr("cup");
    int ok = !(cup == NULL || cup == (char *)-1);
    TERMINAL *probe = cur_term;
    set_curterm(saved);
    del_curterm(probe);
    return ok ? 0 : 3;
}

/// Restores the terminal from a signal handler, then dies of the signal as it would have.
static inline void reader_fatal_signal(int sig) {
    static const char paste_off[] = "\033[?2004l";   /* bracketed paste off, as a clean exit does */
    ssize_t ignored = write(STDOUT_FILENO, paste_off, sizeof paste_off - 1);
    (void)ignored;
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void reader_install_fatal_handlers(void) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], reader_fatal_signal);
}

#endif
