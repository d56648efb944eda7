package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.budget.Micros;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.pricing.Pricing;
import dev.modelgate.relay.policy.Deployments;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.reports.Csv;
import dev.modelgate.relay.reports.UsageQuery;
import dev.modelgate.relay.reports.UsageQuery.Dimension;
import dev.modelgate.relay.reports.UsageReports;
import dev.modelgate.relay.reports.UsageRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage reports for finance and operations, from the usage ledger:
 * <ul>
 *   <li>{@code GET /admin/usage?from=&to=&group_by=team,model,day&team=..&format=json|csv}: usage and cost grouped
 *       by team, key, alias, provider, model, day or hour, within a time range (default: the last 30 days);</li>
 *   <li>{@code GET /admin/usage/statement?team=..&month=2026-11&format=json|csv}: a team's monthly chargeback
 *       statement, by alias, provider and model, with its total;</li>
 *   <li>{@code GET /admin/usage/rankings?by=model|provider&period=day|week|month&top=10}: top models or providers
 *       by tokens and by spend over the last period, with the previous period and the trend.</li>
 * </ul>
 * Roles: admin and finance; see {@link dev.modelgate.relay.api.AdminAccess}.
 */
@Path("/admin/usage")
@ApplicationScoped
public class ReportsResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COUNTS = List.of("requests", "attempts", "input_tokens", "cached_tokens", "output_tokens",
            "cost_micros", "cost_usd", "cache_savings_usd");

    @Inject
    UsageReports reports;

    @Inject
    PolicyService policy;

    @GET
    public Response usage(@QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("group_by") String groupBy, @QueryParam("team") String team,
                          @QueryParam("key") String key, @QueryParam("alias") String alias, @QueryParam("provider") String provider,
                          @QueryParam("model") String model, @QueryParam("format") String format) {
        UsageQuery query;
        try {
            Instant end = to == null ? Instant.now() : instant(to, "to");
            Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant(from, "from");
            List<Dimension> dims = new ArrayList<>();
            for (String d : (groupBy == null || groupBy.isBlank() ? "team" : groupBy).split(",")) {
                Dimension dim = Dimension.of(d.trim());
                if (dims.contains(dim)) {
                    throw new IllegalArgumentException("dimension '" + d.trim() + "' given twice");
                }
                dims.add(dim);
            }
            Map<Dimension, String> filters = new EnumMap<>(Dimension.class);
            put(filters, Dimension.TEAM, team);
            put(filters, Dimension.KEY, key);
            put(filters, Dimension.ALIAS, alias);
            put(filters, Dimension.PROVIDER, provider);
            put(filters, Dimension.MODEL, model);
            query = new UsageQuery(start, end, dims, filters);
            checkFormat(format);
        } catch (IllegalArgumentException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_report", e.getMessage(), null);
        }
        List<UsageRow> rows = reports.run(query);
        Map<List<String>, Long> saved = cacheSavings(query);
        List<String> names = query.groupBy().stream().map(Dimension::param).toList();
        if ("csv".equals(format)) {
            return csv(names, rows, saved, "usage.csv");
        }
        ObjectNode out = JSON.createObjectNode().put("from", query.from().toString()).put("to", query.to().toString());
        names.forEach(out.putArray("group_by")::add);
        return report(out, "rows", "totals", names, rows, saved);
    }

    @GET
    @Path("statement")
    public Response statement(@QueryParam("team") String team,
                              @QueryParam("month") String month, @QueryParam("format") String format) {
        YearMonth ym;
        try {
            if (team == null || team.isBlank()) {
                throw new IllegalArgumentException("name the team: ?team=...");
            }
            ym = month == null ? YearMonth.now(ZoneOffset.UTC) : YearMonth.parse(month);
            checkFormat(format);
        } catch (DateTimeParseException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_report", "month must look like 2026-11", "month");
        } catch (IllegalArgumentException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_report", e.getMessage(), null);
        }
        Instant start = ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<String> names = List.of("alias", "provider", "model");
        UsageQuery query = new UsageQuery(start, end, List.of(Dimension.ALIAS, Dimension.PROVIDER, Dimension.MODEL),
                Map.of(Dimension.TEAM, team));
        List<UsageRow> rows = reports.run(query);
        Map<List<String>, Long> saved = cacheSavings(query);
        if ("csv".equals(format)) {
            return csv(names, rows, saved, "statement-" + team + "-" + ym + ".csv");
        }
        ObjectNode out = JSON.createObjectNode().put("team", team).put("month", ym.toString())
                .put("from", start.toString()).put("to", end.toString());
        return report(out, "lines", "total", names, rows, saved);
    }

    @GET
    @Path("rankings")
    public Response rankings(@QueryParam("by") String by,
                             @QueryParam("period") String period, @QueryParam("top") Integer top) {
        Dimension dim;
        Duration length;
        try {
            dim = by == null ? Dimension.MODEL : Dimension.of(by);
            if (dim != Dimension.MODEL && dim != Dimension.PROVIDER) {
                throw new IllegalArgumentException("rank by model or provider");
            }
            length = switch (period == null ? "week" : period) {
                case "day" -> Duration.ofDays(1);
                case "week" -> Duration.ofDays(7);
                case "month" -> Duration.ofDays(30);
                default -> throw new IllegalArgumentException("period is day, week or month");
            };
        } catch (IllegalArgumentException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_report", e.getMessage(), null);
        }
        int limit = top == null ? 10 : Math.max(1, Math.min(100, top));
        Instant now = Instant.now();
        List<UsageRow> current = reports.run(new UsageQuery(now.minus(length), now, List.of(dim), Map.of()));
        Map<String, UsageRow> previous = new HashMap<>();
        reports.run(new UsageQuery(now.minus(length.multipliedBy(2)), now.minus(length), List.of(dim), Map.of()))
                .forEach(r -> previous.put(r.keys().get(0), r));
        ObjectNode out = JSON.createObjectNode().put("by", dim.param()).put("period", period == null ? "week" : period)
                .put("from", now.minus(length).toString()).put("to", now.toString());
        rank(out.putArray("by_tokens"), current, previous, Comparator.comparingLong(UsageRow::totalTokens), UsageRow::totalTokens, limit);
        rank(out.putArray("by_spend"), current, previous, Comparator.comparingLong(UsageRow::costMicros), UsageRow::costMicros, limit);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    private static void rank(ArrayNode into, List<UsageRow> current, Map<String, UsageRow> previous, Comparator<UsageRow> order,
                             java.util.function.ToLongFunction<UsageRow> measure, int limit) {
        List<UsageRow> sorted = new ArrayList<>(current);
        sorted.sort(order.reversed().thenComparing(r -> String.valueOf(r.keys().get(0))));
        for (int i = 0; i < Math.min(limit, sorted.size()); i++) {
            UsageRow r = sorted.get(i);
            UsageRow before = previous.get(r.keys().get(0));
            long now = measure.applyAsLong(r);
            long then = before == null ? 0 : measure.applyAsLong(before);
            ObjectNode entry = into.addObject().put("rank", i + 1).put("name", r.keys().get(0))
                    .put("tokens", r.totalTokens()).put("requests", r.requests()).put("cost_usd", usd(r.costMicros()))
                    .put("value", now).put("previous_value", then);
            if (then == 0) {
                entry.put("trend", "new");
            } else {
                entry.put("trend", BigDecimal.valueOf(now - then).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(then), 1, RoundingMode.HALF_UP).toPlainString() + "%");
            }
        }
    }

    /**
     * What prompt caching saved per group ({@link Pricing#cacheSavingsMicros}): each deployment's reads and writes
     * priced at the price it had on their day. Usage of a deployment the policy no longer has cannot be priced and
     * counts 0.
     */
    private Map<List<String>, Long> cacheSavings(UsageQuery query) {
        Policy current = policy.policy().policy();
        Map<List<String>, Long> saved = new HashMap<>();
        for (UsageReports.CacheUse use : reports.cacheUse(query)) {
            UsageReports.CacheUse.Tokens t = use.tokens();
            if (t.read() + t.written5m() + t.written1h() == 0) {
                continue;
            }
            // Priced as the ingest priced it: the deployment under the alias it served (another alias may list it at
            // another price).
            Deployments.find(current, use.alias(), use.provider() + "/" + use.model()).ifPresent(found -> saved.merge(use.keys(),
                    Pricing.cacheSavingsMicros(found.candidate().priceAt(use.day()), t.read(), t.written5m(), t.written1h()), Long::sum));
        }
        return saved;
    }

    /** The JSON answer: {@code head} with the groups under {@code rowsName} and their sum under {@code totalName}. */
    private static Response report(ObjectNode head, String rowsName, String totalName, List<String> names, List<UsageRow> rows,
                                   Map<List<String>, Long> saved) {
        ArrayNode list = head.putArray(rowsName);
        rows.forEach(r -> list.add(json(names, r, saved.getOrDefault(r.keys(), 0L))));
        head.set(totalName, json(List.of(), total(rows), saved.values().stream().mapToLong(Long::longValue).sum()));
        return Response.ok(head.toString(), MediaType.APPLICATION_JSON).build();
    }

    private static UsageRow total(List<UsageRow> rows) {
        long[] t = new long[6];
        for (UsageRow r : rows) {
            t[0] += r.requests();
            t[1] += r.attempts();
            t[2] += r.inputTokens();
            t[3] += r.cachedTokens();
            t[4] += r.outputTokens();
            t[5] += r.costMicros();
        }
        return new UsageRow(List.of(), t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    private static ObjectNode json(List<String> names, UsageRow r, long savedMicros) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < names.size(); i++) {
            o.put(names.get(i), r.keys().get(i));
        }
        return o.put("requests", r.requests()).put("attempts", r.attempts()).put("input_tokens", r.inputTokens())
                .put("cached_tokens", r.cachedTokens()).put("output_tokens", r.outputTokens())
                .put("cost_micros", r.costMicros()).put("cost_usd", usd(r.costMicros()))
                .put("cache_savings_micros", savedMicros).put("cache_savings_usd", usd(savedMicros));
    }

    private static Response csv(List<String> names, List<UsageRow> rows, Map<List<String>, Long> saved, String filename) {
        List<String> header = new ArrayList<>(names);
        header.addAll(COUNTS);
        Csv csv = new Csv().row(header);
        for (UsageRow r : rows) {
            List<String> line = new ArrayList<>(r.keys());
            line.addAll(List.of(Long.toString(r.requests()), Long.toString(r.attempts()), Long.toString(r.inputTokens()),
                    Long.toString(r.cachedTokens()), Long.toString(r.outputTokens()), Long.toString(r.costMicros()), usd(r.costMicros()),
                    usd(saved.getOrDefault(r.keys(), 0L))));
            csv.row(line);
        }
        return Response.ok(csv.toString(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"").build();
    }

    private static String usd(long micros) {
        return Micros.toUsd(micros).toPlainString();
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    private static void put(Map<Dimension, String> filters, Dimension d, String value) {
        if (value != null && !value.isBlank()) {
            filters.put(d, value);
        }
    }

    private static void checkFormat(String format) {
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("format is json or csv");
        }
    }
}
