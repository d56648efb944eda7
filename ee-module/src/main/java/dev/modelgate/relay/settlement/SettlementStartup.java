package dev.modelgate.relay.settlement;

import dev.modelgate.policy.budget.BudgetPeriod;
import dev.modelgate.policy.decision.PolicyHash;
import dev.modelgate.relay.audit.AuditLog;
import dev.modelgate.policy.budget.BudgetWindow;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * At start, before the first request: brings the ledger's schema to the current version (Flyway, versioned
 * migrations in {@code db/migration} and {@link LedgerWithoutForeignKey}), writes the policy now in force to
 * the audit log, writes to the ledger what the usage journal of a killed run still holds, then loads each
 * budget's spend in its current period from the ledger, so that caps survive a restart of the relay.
 */
@ApplicationScoped
public class SettlementStartup {

    private static final Logger LOG = Logger.getLogger(SettlementStartup.class.getName());

    @Resource(lookup = "jdbc/modelgate")
    DataSource dataSource;

    /** A schema of its own (PostgreSQL), created when missing; empty for the connection's default. */
    @Inject
    @ConfigProperty(name = "modelgate.db.schema")
    Optional<String> schema;

    @Inject
    PolicyService policy;

    @Inject
    UsageStore store;

    @Inject
    AuditLog audit;

    @Inject
    UsageWriter usage;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Liberty's class loader finds a resource directory only through a file in it: db/migration holds an
        // empty flyway.location for that. A missing location fails the start instead of migrating nothing.
        var config = Flyway.configure(getClass().getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration").callbackLocations("classpath:db/migration").failOnMissingLocations(true)
                .javaMigrations(new LedgerWithoutForeignKey());
        schema.filter(s -> !s.isBlank()).ifPresent(s -> config.schemas(s).defaultSchema(s).createSchemas(true));
        MigrateResult result = config.load().migrate();
        LOG.info("usage ledger schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations applied now)");
        CompiledPolicy compiled = policy.policy();
        audit.record("system", "policy.applied", PolicyHash.of(compiled.policy()), "files " + policy.files() + "; "
                + compiled.policy().models().size() + " aliases, " + compiled.policy().teams().size() + " teams");
        usage.recover();
        restoreBudgets(compiled, Instant.now());
    }

    private void restoreBudgets(CompiledPolicy compiled, Instant now) {
        for (CompiledPolicy.ScopedBudget b : compiled.budgets()) {
            BudgetPeriod period = b.budget().period();
            BudgetWindow window = period.windowFor(now, compiled.zone(b.budget().timezone()));
            long spent = store.spentSince(b.owner(), b.key(), window.start());
            if (spent > 0) {
                policy.budgets().applySnapshot(b.scope(), window, spent);
                LOG.info(b.scope() + " has spent " + Micros.toUsd(spent).toPlainString() + " USD of its "
                        + period.name().toLowerCase() + " budget so far");
            }
        }
    }
}
