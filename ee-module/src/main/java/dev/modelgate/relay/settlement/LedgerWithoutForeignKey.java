package dev.modelgate.relay.settlement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 5: ledger entries no longer carry a foreign key to their event. Checking it cost every
 * entry an index look-up, a fifth of what the embedded database spends writing an event. Entries are only
 * ever written with their event, in its transaction, by {@link UsageRows}; their primary key still refuses
 * a second entry per event and account; and {@code GET /admin/ledger/reconcile} reports any account whose
 * entries do not match the priced events, which an entry without its event would be.
 *
 * <p>Java rather than SQL because the constraint was created unnamed in version 1 and H2 and PostgreSQL
 * named it differently: it is found by the database's own description of the table.
 */
final class LedgerWithoutForeignKey implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5");
    }

    @Override
    public String getDescription() {
        return "ledger without foreign key";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        DatabaseMetaData meta = c.getMetaData();
        String table = meta.storesUpperCaseIdentifiers() ? "LEDGER_ENTRY" : "ledger_entry";
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), c.getSchema(), table)) {
            while (rs.next()) {
                if (!keys.contains(rs.getString("FK_NAME"))) {
                    keys.add(rs.getString("FK_NAME"));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no foreign key found on " + table + " in schema " + c.getSchema());
        }
        try (Statement s = c.createStatement()) {
            for (String key : keys) {
                s.execute("ALTER TABLE ledger_entry DROP CONSTRAINT \"" + key + "\"");
            }
        }
    }
}
