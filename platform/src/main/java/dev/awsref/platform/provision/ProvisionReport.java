package dev.awsref.platform.provision;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** What one provisioning run did to each resource, printed as it goes and kept for tests. */
public final class ProvisionReport {

    public enum Action {
        CREATED,
        UPDATED,
        UNCHANGED,
        /** The resource differs from the topology in a way provisioning does not change (see detail). */
        DRIFTED,
        /** The endpoint does not support this part (an emulator gap); the rest went ahead. */
        SKIPPED,
        /**
         * A resource a service creates at run time and deletes when done, found existing. Provisioning
         * neither creates nor deletes it; the line is there so that a leftover does not go unnoticed.
         */
        LEFT_BEHIND;

        /** How the report prints it: {@code created}, {@code left behind}. */
        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }
    }

    public record Entry(Action action, String kind, String name, String detail) {}

    private final List<Entry> entries = new ArrayList<>();
    private final PrintStream out;

    public ProvisionReport(PrintStream out) {
        this.out = out;
    }

    void record(Action action, String kind, String name, String detail) {
        var entry = new Entry(action, kind, name, detail);
        entries.add(entry);
        out.printf("%-9s %-13s %-48s %s%n", action.label(), kind, name, detail);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public long count(Action action) {
        return entries.stream().filter(e -> e.action() == action).count();
    }

    /** One line; "left behind" appears only when something was. */
    public String summary() {
        String summary = "%d created, %d updated, %d unchanged, %d drifted, %d skipped"
                .formatted(
                        count(Action.CREATED),
                        count(Action.UPDATED),
                        count(Action.UNCHANGED),
                        count(Action.DRIFTED),
                        count(Action.SKIPPED));
        long leftBehind = count(Action.LEFT_BEHIND);
        return leftBehind == 0 ? summary : summary + ", " + leftBehind + " left behind";
    }
}
