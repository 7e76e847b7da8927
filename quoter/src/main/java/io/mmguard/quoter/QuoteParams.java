package io.mmguard.quoter;

import io.mmguard.core.control.ParamRegistry;
import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Run-time quote parameters set by signed {@code SET_PARAM} commands on mm.control, as folded into
 * the quoter's global store: the value and the control version (offset + 1 of the command).
 *
 * @param value   the parameter's value
 * @param version control version of the command that set it
 */
record QuoteParams(BigDecimal value, long version) {

    static final String STORE = "quoter-params-store";
    static final String K_INV = ParamRegistry.K_INV.name();
    static final String EXTRA_BPS = ParamRegistry.EXTRA_BPS.name();

    /** Store key: the parameter, optionally for one symbol. */
    static String key(String param, String symbol) {
        return symbol == null ? param : param + "@" + symbol;
    }

    /** The value of {@code param} in force for {@code symbol}: its own setting, else the global one, else null. */
    static QuoteParams inForce(Function<String, String> store, String param, String symbol) {
        QuoteParams forSymbol = decode(store.apply(key(param, symbol)));
        return forSymbol != null ? forSymbol : decode(store.apply(key(param, null)));
    }

    String encode() {
        return Decimals.plain(value) + "@" + version;
    }

    static QuoteParams decode(String text) {
        if (text == null) {
            return null;
        }
        int at = text.lastIndexOf('@');
        return new QuoteParams(new BigDecimal(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
    }
}
