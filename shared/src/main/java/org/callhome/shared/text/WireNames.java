package org.callhome.shared.text;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reading a {@link WireNamed} enum back from its wire name, exactly (no case folding, no trimming:
 * a caller that allows surrounding whitespace strips it first), and the one message for a name
 * that is none of them: {@code unknown <what> '<name>': expected a or b}, or {@code expected one of
 * a, b, c} for more than two, the name shown as {@link PeerText#quote(String)} shows it.
 */
public final class WireNames {

    private WireNames() {
    }

    /** The value of {@code type} named {@code name}; empty for any other name and for null. */
    public static <E extends Enum<E> & WireNamed> Optional<E> find(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.wireName().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * The value of {@code type} named {@code name}.
     *
     * @param what what the name names, for the message, such as {@code strategy} or {@code error-tag}
     * @throws IllegalArgumentException {@link #unknown} when no value has that name
     */
    public static <E extends Enum<E> & WireNamed> E lookup(Class<E> type, String name, String what) {
        return find(type, name).orElseThrow(() -> new IllegalArgumentException(unknown(type, name, what)));
    }

    /** {@code unknown <what> '<name>': expected ...}, listing every wire name of {@code type} in order. */
    public static <E extends Enum<E> & WireNamed> String unknown(Class<E> type, String name, String what) {
        return "unknown " + what + " " + PeerText.quote(name) + ": expected " + choices(type);
    }

    private static <E extends Enum<E> & WireNamed> String choices(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(WireNamed::wireName).toList();
        return switch (names.size()) {
            case 1 -> names.get(0);
            case 2 -> names.get(0) + " or " + names.get(1);
            default -> "one of " + String.join(", ", names);
        };
    }
}
