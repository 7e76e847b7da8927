package io.mmguard.riskgate;

import java.util.ArrayList;
import java.util.List;

/**
 * A risk {@code SET_PARAM} the risk-gate refused, kept in the params store until the task of
 * partition 0 has alerted it.
 *
 * @param offset    the command's offset on mm.control
 * @param commandId the command id
 * @param param     the param it named
 * @param value     its value as written ({@code null} when absent)
 * @param actor     who sent it
 * @param why       why it was refused
 */
record ParamRefusal(long offset, String commandId, String param, String value, String actor, String why) {

    /** Length-prefixed fields ({@code <length>:<text>} each), so any text round-trips. */
    String encode() {
        StringBuilder out = new StringBuilder();
        for (String field : List.of(Long.toString(offset), commandId, param, value, actor, why)) {
            out.append(field.length()).append(':').append(field);
        }
        return out.toString();
    }

    static ParamRefusal decode(String text) {
        List<String> fields = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int colon = text.indexOf(':', at);
            int length = Integer.parseInt(text.substring(at, colon));
            fields.add(text.substring(colon + 1, colon + 1 + length));
            at = colon + 1 + length;
        }
        if (fields.size() != 6) {
            throw new IllegalArgumentException("not an encoded ParamRefusal: " + text);
        }
        return new ParamRefusal(Long.parseLong(fields.get(0)), fields.get(1), fields.get(2), fields.get(3), fields.get(4),
                fields.get(5));
    }
}
