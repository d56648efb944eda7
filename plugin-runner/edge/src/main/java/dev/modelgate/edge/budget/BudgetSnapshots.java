package dev.modelgate.edge.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.budget.BudgetLedger;
import dev.modelgate.policy.budget.BudgetWindow;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The relay's {@code GET /admin/budgets} applied to this node's budget ledger: each budget's spend in its
 * current period becomes what the relay has settled plus what it holds in flight. Between two snapshots the
 * node adds its own admissions at their estimated cost, so a team that spends its cap is refused here
 * within one poll on every node; the relay reserves each request itself as the backstop.
 */
public final class BudgetSnapshots implements Consumer<JsonNode> {

    public static final String PATH = "/admin/budgets";

    private final BudgetLedger ledger;

    public BudgetSnapshots(BudgetLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void accept(JsonNode feed) {
        for (JsonNode b : feed.path("budgets")) {
            String scope = b.path("scope").asText("");
            long start = b.path("window_start").asLong(-1);
            long end = b.path("window_end").asLong(-1);
            long committed = Math.max(0, b.path("spent_micros").asLong(0)) + Math.max(0, b.path("reserved_micros").asLong(0));
            if (scope.isEmpty() || start < 0 || end <= start) {
                continue; // not a budget this version understands: skip it rather than guess
            }
            ledger.applySnapshot(scope, new BudgetWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)), committed);
        }
    }
}
