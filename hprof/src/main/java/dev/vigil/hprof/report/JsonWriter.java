package dev.vigil.hprof.report;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A small streaming JSON writer (the module uses the JDK only). Commas and escaping are handled here. */
public final class JsonWriter {
    private final Appendable out;
    private boolean needComma;

    public JsonWriter(Appendable out) {
        this.out = out;
    }

    private JsonWriter raw(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void comma() {
        if (needComma) {
            raw(",");
        }
    }

    public JsonWriter beginObject() {
        comma();
        needComma = false;
        return raw("{");
    }

    public JsonWriter endObject() {
        needComma = true;
        return raw("}");
    }

    public JsonWriter beginArray() {
        comma();
        needComma = false;
        return raw("[");
    }

    public JsonWriter endArray() {
        needComma = true;
        return raw("]");
    }

    public JsonWriter name(String name) {
        comma();
        raw(quote(name)).raw(":");
        needComma = false;
        return this;
    }

    public JsonWriter value(String s) {
        comma();
        needComma = true;
        return raw(s == null ? "null" : quote(s));
    }

    public JsonWriter value(long n) {
        comma();
        needComma = true;
        return raw(Long.toString(n));
    }

    public JsonWriter value(double d) {
        comma();
        needComma = true;
        return raw(Double.isFinite(d) ? String.valueOf(Math.round(d * 100) / 100.0) : "null");
    }

    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF && !validSurrogate(s, i))) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
