package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.MoveResult;

/**
 * Moving a device to another NMS over NETCONF: one table with a column per strategy, each cell
 * computed from the {@link MoveResult} the run recorded (whether A was answered before the device
 * left, how long until the device was connected at B, B's confirmation and the cancel-commit that
 * found nothing pending, the RPCs and bytes sent, the path of what was changed), after the method.
 */
final class MoveSection {

    /** How the run moved each device: the method every format prints before the table. */
    static final String METHOD = "Per strategy, under pinned keys: one device calls (or, in device-ssh-client, "
            + "logs into) NMS A; NMS B, a second NMS of the same strategy on loopback, shares A's NMS key files "
            + "(its login key, host key, or TLS key and certificate) and pins the same device key, so that the "
            + "device accepts B and B the device with nothing else changed. Through A's HTTP API the run sends an "
            + "edit-config of the candidate putting B's port into the device's call-home endpoint, then a confirmed "
            + "commit with a persist token; the device answers, leaves A and reaches B. The time is from sending "
            + "the commit to B's 'connected' event for the device. Through B's API a commit with the persist id "
            + "confirms the move, and a cancel-commit with the same id must find nothing pending (not counted as "
            + "part of the move). RPCs and bytes count the operations sent through the APIs for the move (the NMS "
            + "adds its rpc element and the framing); the path is read from the edit sent.";

    private final List<MoveResult> moves;

    private MoveSection(List<MoveResult> moves) {
        this.moves = moves;
    }

    /** The section, if the run moved a device; its columns in the run's order of strategies. */
    static Optional<MoveSection> of(ComparisonResults results) {
        if (results.move().isEmpty()) {
            return Optional.empty();
        }
        List<MoveResult> ordered = new ArrayList<>();
        results.strategies().forEach(strategy -> results.move().stream()
                .filter(move -> move.strategy() == strategy).findFirst().ifPresent(ordered::add));
        results.move().stream().filter(move -> !ordered.contains(move)).forEach(ordered::add);
        return Optional.of(new MoveSection(ordered));
    }

    /** The table's headers: the measure, then one column per strategy. */
    List<String> headers() {
        List<String> headers = new ArrayList<>();
        headers.add("Measure");
        moves.forEach(move -> headers.add(move.strategy().wireName()));
        return headers;
    }

    /** One row per measure. */
    List<List<String>> rows() {
        return List.of(row("A answered <ok/> before the device left", move -> Numbers.yesNo(move.repliedBeforeLeaving())),
                row("Commit sent to connected at B", move -> move.arrived()
                        ? Numbers.millis(move.arrivalMillis()) + " ms" : "not reached"),
                row("B confirmed with persist-id", move -> move.confirmed() ? "ok" : "not confirmed"),
                row("Pending after B's cancel-commit", move -> move.nothingPending() ? "nothing"
                        : "not shown empty"),
                row("RPCs sent for the move", move -> Numbers.count(move.rpcs())),
                row("Bytes of NETCONF sent", move -> Numbers.count(move.bytes())),
                row("Element path changed", move -> spaced(move.changedPath())));
    }

    /** Each strategy's evidence, one line each, prefixed by the strategy. */
    List<String> evidence() {
        List<String> lines = new ArrayList<>();
        moves.forEach(move -> move.evidence().forEach(line -> lines.add(move.strategy().wireName() + ": " + line)));
        return lines;
    }

    private List<String> row(String label, Function<MoveResult, String> cell) {
        List<String> row = new ArrayList<>();
        row.add(label);
        moves.forEach(move -> row.add(cell.apply(move)));
        return row;
    }

    /** "/a:b/c" as "/a:b /c", so that a narrow column can wrap it between its elements. */
    static String spaced(String path) {
        return path.replace("/", " /").strip();
    }
}
