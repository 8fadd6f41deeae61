package dev.weft.io.files.internal;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/*
 * Python mode strings: exactly one of r, w, a, x; optionally '+'; optionally one of b, t; each at
 * most once, in any order ("rb+", "r+b"). Weft handles always offer bytes and text, so b and t
 * are accepted for familiarity and change nothing.
 *
 *   r  READ                          r+ READ WRITE
 *   w  WRITE CREATE TRUNCATE         w+ READ WRITE CREATE TRUNCATE
 *   a  WRITE CREATE APPEND           a+ READ WRITE CREATE, every write goes to the end
 *   x  WRITE CREATE_NEW              x+ READ WRITE CREATE_NEW
 *
 * FileChannel refuses READ with APPEND, so "a+" opens READ WRITE and the handle seeks to the end
 * before each write, which is what Python does.
 */
public record OpenMode(Set<StandardOpenOption> options, boolean appendOnWrite) {

    public static OpenMode parse(String mode) {
        if (mode.isEmpty()) {
            throw bad(mode, "is empty");
        }
        char kind = 0;
        boolean plus = false;
        boolean typed = false;
        for (int i = 0; i < mode.length(); i++) {
            char c = mode.charAt(i);
            switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    if (kind != 0) {
                        throw bad(mode, "has more than one of r, w, a, x");
                    }
                    kind = c;
                }
                case '+' -> {
                    if (plus) {
                        throw bad(mode, "repeats '+'");
                    }
                    plus = true;
                }
                case 'b', 't' -> {
                    if (typed) {
                        throw bad(mode, "has more than one of b, t");
                    }
                    typed = true;
                }
                default -> throw bad(mode, "contains '" + c + "'");
            }
        }
        if (kind == 0) {
            throw bad(mode, "needs one of r, w, a, x");
        }
        EnumSet<StandardOpenOption> o = EnumSet.noneOf(StandardOpenOption.class);
        if (kind == 'r' || plus) {
            o.add(StandardOpenOption.READ);
        }
        if (kind != 'r' || plus) {
            o.add(StandardOpenOption.WRITE);
        }
        switch (kind) {
            case 'w' -> {
                o.add(StandardOpenOption.CREATE);
                o.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            case 'a' -> {
                o.add(StandardOpenOption.CREATE);
                if (!plus) {
                    o.add(StandardOpenOption.APPEND);
                }
            }
            case 'x' -> o.add(StandardOpenOption.CREATE_NEW);
            default -> {}
        }
        return new OpenMode(Set.copyOf(o), kind == 'a' && plus);
    }

    /** Open options for a channel: the mode's options. */
    public OpenOption[] toArray() {
        return options.toArray(OpenOption[]::new);
    }

    private static IllegalArgumentException bad(String mode, String why) {
        return new IllegalArgumentException(
                "mode \""
                        + mode
                        + "\" "
                        + why
                        + "; expected Python modes such as \"r\", \"w\", \"a\", \"x\", \"rb\", \"r+\", \"wb+\"");
    }
}
