package org.zeofreeze.zconfig;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ZConfig's shell-style substitution: {@code $name}, {@code ${name}} (defined names, compared
 * lower-case), {@code $(NAME)} (environment, case kept) and {@code $$} for a dollar sign.
 */
public final class Substitution {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private Substitution() {}

    /** Thrown with a sentence saying what is wrong; the parser adds file and line. */
    public static final class SubstitutionException extends Exception {
        public SubstitutionException(String message) {
            super(message);
        }
    }

    public static boolean isName(String s) {
        return NAME.matcher(s).matches();
    }

    public static String substitute(String text, Map<String, String> defines, UnaryOperator<String> environment)
            throws SubstitutionException {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int dollar = text.indexOf('$', i);
            if (dollar < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, dollar);
            if (dollar + 1 >= text.length()) {
                throw new SubstitutionException("a lone '$' ends the value; write '$$' for a dollar sign");
            }
            char c = text.charAt(dollar + 1);
            if (c == '$') {
                out.append('$');
                i = dollar + 2;
                continue;
            }
            String name;
            boolean env = false;
            if (c == '{' || c == '(') {
                char close = c == '{' ? '}' : ')';
                Matcher m = NAME.matcher(text).region(dollar + 2, text.length());
                if (!m.lookingAt()) {
                    throw new SubstitutionException("'$" + c + "' is not followed by a name");
                }
                name = m.group();
                if (m.end() >= text.length() || text.charAt(m.end()) != close) {
                    throw new SubstitutionException("'$" + c + name + "' is not followed by '" + close + "'");
                }
                env = c == '(';
                i = m.end() + 1;
            } else {
                Matcher m = NAME.matcher(text).region(dollar + 1, text.length());
                if (!m.lookingAt()) {
                    throw new SubstitutionException(
                            "'$' is not followed by '$' or a name; write '$$' for a dollar sign");
                }
                name = m.group();
                i = m.end();
            }
            String value = env ? environment.apply(name) : defines.get(name.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new SubstitutionException(
                        env
                                ? "environment variable '" + name + "' is not set"
                                : "'" + name + "' is not defined; add a '%define " + name + " VALUE' line above it");
            }
            out.append(value);
        }
        return out.toString();
    }
}
