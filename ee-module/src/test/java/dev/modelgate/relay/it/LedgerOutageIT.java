package dev.modelgate.relay.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Settlement through a database outage, on the real relay and its real PostgreSQL ledger (services profile:
 * {@code MODELGATE_TEST_SERVICES=1}). The ledger's event table is taken away while requests are served, so
 * every write fails; then it comes back. Every request served meanwhile must be in the ledger afterwards,
 * exactly once, with its cost: nothing lost in the spool, nothing double-counted by the retries.
 */
@Tag("services")
class LedgerOutageIT {

    private static final String SCHEMA = System.getProperty("modelgate.it.db.schema", "");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA, "postgres", "");
    }

    private static String serve(String text) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/chat/completions"))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.headers().firstValue("x-request-id").orElseThrow();
    }

    private static long[] recorded(Connection db, String table, List<String> ids) throws Exception {
        try (PreparedStatement q = db.prepareStatement("select count(*), count(distinct request_id), coalesce(sum(cost_micros), 0) from "
                + table + " where request_id = any (?)")) {
            q.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    @Test
    void usageServedWhileTheLedgerIsDownIsRecordedOnceItIsBack() throws Exception {
        assumeTrue(SCHEMA.startsWith("mg_it_"), "needs the services profile's PostgreSQL ledger");
        SharedSimulator.get().clear();
        List<String> ids = new ArrayList<>();
        try (Connection db = db(); Statement sql = db.createStatement()) {
            sql.execute("alter table usage_event rename to usage_event_offline");
            try {
                for (int i = 0; i < 20; i++) {
                    ids.add(serve("served while the ledger is down " + i));
                }
                Thread.sleep(1500); // several flush rounds, all failing
                assertThat(recorded(db, "usage_event_offline", ids)[0]).as("nothing could be written").isZero();
            } finally {
                sql.execute("alter table usage_event_offline rename to usage_event");
            }
            long[] counts = {0, 0, 0};
            long deadline = System.currentTimeMillis() + 90_000; // the spool backs off up to 30 s between tries
            while (System.currentTimeMillis() < deadline && (counts = recorded(db, "usage_event", ids))[0] < ids.size()) {
                Thread.sleep(500);
            }
            assertThat(counts[0]).as("every served request recorded").isEqualTo(ids.size());
            assertThat(counts[1]).as("each once").isEqualTo(ids.size());
            assertThat(counts[2]).as("and billed").isPositive();
            Thread.sleep(1000); // a late duplicate write would show now
            assertThat(recorded(db, "usage_event", ids)[0]).isEqualTo(ids.size());
        }
    }
}
