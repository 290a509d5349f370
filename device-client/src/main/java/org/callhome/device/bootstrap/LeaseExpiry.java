package org.callhome.device.bootstrap;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.callhome.device.bootstrap.LeaseFileLexer.Kind;
import org.callhome.device.bootstrap.LeaseFileLexer.Token;

/**
 * A lease's {@code expire} date in the three forms ISC dhclient's {@code print_time} writes:
 * {@code W YYYY/MM/DD HH:MM:SS} in UTC (the default; W, the weekday 0..6, is not checked against
 * the date, as dhclient does not check it either), {@code epoch SECONDS} (with
 * {@code db-time-format local}; the comment after it is not read) and {@code never}.
 */
final class LeaseExpiry {

    private static final DateTimeFormatter UTC_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private LeaseExpiry() {
    }

    /**
     * @param value the tokens between {@code expire} and its {@code ;}
     * @return the instant the lease expires, or empty for {@code never}
     */
    static Optional<Instant> parse(Path file, int line, List<Token> value) throws LeaseFileException {
        if (value.stream().allMatch(token -> token.is(Kind.WORD))) {
            if (value.size() == 1 && value.get(0).isWord("never")) {
                return Optional.empty();
            }
            if (value.size() == 2 && value.get(0).isWord("epoch") && value.get(1).text().matches("[0-9]{1,18}")) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.get(1).text())));
            }
            if (value.size() == 3 && value.get(0).text().matches("[0-6]")) {
                try {
                    String date = value.get(1).text() + " " + value.get(2).text();
                    return Optional.of(LocalDateTime.parse(date, UTC_DATE).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException e) {
                    // reported below with the forms that are accepted
                }
            }
        }
        String shown = value.stream().map(Token::describe).collect(Collectors.joining(" "));
        throw LeaseFileException.at(file, line, "expire " + shown
                + " is none of 'W YYYY/MM/DD HH:MM:SS' (UTC), 'epoch SECONDS' and 'never'");
    }
}
