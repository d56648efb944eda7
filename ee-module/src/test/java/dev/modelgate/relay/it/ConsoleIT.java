package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.simulator.Fault;
import dev.modelgate.simulator.SimulatedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver,
 * against the test relay with seeded usage (events ingested for the team {@code console}) and a real request that
 * failed over (the simulator fails {@code sim-console-a} twice). Each page is loaded and its figures compared with
 * what the admin API answers; the recent requests lead to a trace with the failover in it; a visitor without a
 * session is sent to the sign-in page and the API refuses a forged or missing session and a write without the CSRF
 * token. A screenshot of each page goes to {@code target/console-screenshots/}.
 *
 * <p>Skipped, with the reason, only where chromium or chromium-driver is not installed (a developer machine); CI
 * installs both ({@code .ci/run}), so there it always runs.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String RELAY = "http://127.0.0.1:" + RelayIT.PORT;
    private static final String RUN = UUID.randomUUID().toString();
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static WebDriver browser;
    private static String failedOver;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(System.getProperty("modelgate.it.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("modelgate.it.chromedriver", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "ConsoleIT skipped: " + chromium + " or " + driver + " is not installed (apt-get install chromium chromium-driver; "
                        + "CI installs them in .ci/run)");
        relayStarted();
        seedUsage();
        failedOver = requestThatFailsOver();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,800", "--lang=en-US");
        // The driver named outright: Selenium Manager would otherwise try to download one, and CI is offline.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /**
     * Waits for the relay's application: the server plugin stops waiting after 30 s, and on a loaded machine the
     * WAR takes longer to start than that.
     */
    private static void relayStarted() throws Exception {
        for (int i = 0; i < 180; i++) {
            try {
                if (send("GET", "/console/sign-in", null, null).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the relay's console never answered at " + RELAY + "/console/sign-in");
    }

    /**
     * Usage of the team {@code console} at known sizes: two within the last day, one three days ago. Within the last
     * day it stays below ReportsIT's top model of the day, whichever of the two runs first on the same relay.
     */
    private static void seedUsage() throws Exception {
        Instant now = Instant.now();
        String body = "{\"events\":[" + String.join(",", List.of(
                event(1, now.minus(Duration.ofHours(2)), 10_000, 5_000),    // 0.02 USD at 1 and 2 USD per million
                event(2, now.minus(Duration.ofMinutes(30)), 2_000, 1_000),  // 0.004 USD
                event(3, now.minus(Duration.ofDays(3)), 300_000, 0))) + "]}"; // 0.3 USD
        HttpResponse<String> posted = send("POST", "/admin/usage/events", RelayIT.INGEST, body);
        assertThat(JSON.readTree(posted.body()).path("accepted").asInt()).as(posted.body()).isEqualTo(3);
    }

    private static String event(int n, Instant at, long in, long out) {
        return "{\"request_id\":\"console-" + RUN + "-" + n + "\",\"team\":\"console\",\"key\":\"console-app\",\"alias\":\"console\","
                + "\"provider\":\"sim\",\"model\":\"sim-console-b\",\"input_tokens\":" + in + ",\"output_tokens\":" + out
                + ",\"status\":200,\"occurred_at\":\"" + at + "\"}";
    }

    /** A real request whose first deployment fails twice (tried, retried), so the second serves it; its id. */
    private static String requestThatFailsOver() throws Exception {
        SimulatedProvider sim = SharedSimulator.get();
        sim.faults().forModel("sim-console-a", 2, Fault.status(503));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(RELAY + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"console\",\"messages\":[{\"role\":\"user\",\"content\":\"console trace\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String id = answer.headers().firstValue("x-request-id").orElseThrow();
        // Its usage events reach the ledger a flush later; the recent-requests page reads the ledger.
        for (int i = 0; i < 100; i++) {
            if (api("/admin/requests?model=console&status=failover&limit=5").path("requests").findValuesAsText("id").contains(id)) {
                return id;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("request " + id + " never reached the ledger");
    }

    @Test
    @Order(1)
    void aVisitorWithoutASessionIsSentToSignInAndTheApiRefusesIt() throws Exception {
        browser.get(RELAY + "/console/");
        wait(b -> b.getCurrentUrl().endsWith("/console/sign-in"));
        assertThat(browser.findElement(By.id("password-form")).isDisplayed()).isTrue();
        shot("sign-in");

        HttpResponse<String> page = send("GET", "/console/", null, null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in"));
        assertThat(withCookie("GET", "/admin/usage", "forged-session-id", null).statusCode()).isEqualTo(401);
        assertThat(withCookie("GET", "/console/", "forged-session-id", null).statusCode()).isEqualTo(303);
    }

    @Test
    @Order(2)
    void signingInOpensASessionHeldInAnHttpOnlyCookie() throws Exception {
        browser.get(RELAY + "/console/sign-in");
        browser.findElement(By.id("password")).sendKeys(System.getProperty("modelgate.it.admin", "it-admin-password"));
        browser.findElement(By.id("password-submit")).click();
        waitFor("spend");
        Cookie cookie = browser.manage().getCookieNamed("modelgate_console");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.findElement(By.id("who")).getText()).contains("admin");

        // The session reads, but a call that changes something needs its CSRF token too.
        assertThat(withCookie("GET", "/admin/policy", cookie.getValue(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> noToken = withCookie("POST", "/admin/policy/reload", cookie.getValue(), null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("csrf_token_missing");
    }

    @Test
    @Order(3)
    void spendPageShowsTheReportsFiguresForEachRangeAndExportsCsv() throws Exception {
        for (String range : List.of("24h", "7d", "30d")) {
            browser.findElement(By.cssSelector("input[name=range][value='" + range + "']")).click();
            waitFor("spend");
            WebElement table = browser.findElement(By.cssSelector("#spend-table"));
            JsonNode report = api("/admin/usage?from=" + table.getDomAttribute("data-from") + "&to=" + table.getDomAttribute("data-to") + "&group_by=team");
            assertThat(report.path("rows").size()).isPositive();
            for (JsonNode row : report.path("rows")) {
                String team = row.path("team").asText();
                assertThat(cell("spend-table", team, "cost_usd")).as(range + " " + team).isEqualTo(row.path("cost_usd").asText());
                assertThat(number(cell("spend-table", team, "requests"))).isEqualTo(row.path("requests").asLong());
                assertThat(number(cell("spend-table", team, "input_tokens"))).isEqualTo(row.path("input_tokens").asLong());
                assertThat(number(cell("spend-table", team, "output_tokens"))).isEqualTo(row.path("output_tokens").asLong());
            }
            assertThat(cell("spend-table", "__total", "cost_usd")).isEqualTo(report.path("totals").path("cost_usd").asText());
            assertThat(browser.findElements(By.cssSelector("#page .uplot"))).as("the chart").hasSize(1);
            shot("spend-" + range);
        }
        // The seeded team: 0.024 USD within a day, 0.324 USD within a week.
        assertThat(cell("spend-table", "console", "cost_usd")).isEqualTo("0.324000");

        String csv = browser.findElement(By.id("csv")).getDomAttribute("href");
        assertThat(csv).contains("format=csv");
        HttpResponse<String> download = withCookie("GET", csv, sessionCookie(), null);
        assertThat(download.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(download.body()).startsWith("day,team,requests,attempts,input_tokens");

        new Select(browser.findElement(By.id("dimension"))).selectByValue("model");
        waitFor("spend");
        assertThat(browser.findElement(By.cssSelector("#spend-table tbody tr[data-key='sim-console-b']")).isDisplayed()).isTrue();
    }

    @Test
    @Order(4)
    void budgetsShowSpendAndTheProjectedRunOut() throws Exception {
        open("budgets");
        JsonNode budgets = api("/admin/budgets");
        JsonNode console = null;
        for (JsonNode b : budgets.path("budgets")) {
            assertThat(cell("budgets-table", b.path("scope").asText(), "spent_usd")).isEqualTo(b.path("spent_usd").asText());
            assertThat(cell("budgets-table", b.path("scope").asText(), "limit_usd")).isEqualTo(b.path("limit_usd").asText());
            if (b.path("scope").asText().equals("team:console")) {
                console = b;
            }
        }
        assertThat(console).isNotNull();
        assertThat(console.path("spent_micros").asLong()).as("the seeded usage of this month").isPositive();
        String shown = cell("budgets-table", "team:console", "projected_run_out");
        if (console.path("projected_run_out").isNull()) {
            assertThat(shown).isEqualTo("not this period");
        } else {
            // The projection moves on as time passes between the page's call and this one: the same to a few minutes.
            Instant api = Instant.ofEpochSecond(console.path("projected_run_out").asLong());
            Instant screen = MINUTES.parse(shown, Instant::from);
            assertThat(Duration.between(screen, api).abs()).isLessThan(Duration.ofMinutes(10));
        }
        new Select(browser.findElement(By.id("burn-down-budget"))).selectByValue("team:console");
        waitFor("budgets");
        assertThat(browser.findElements(By.cssSelector("#page .uplot"))).hasSize(1);
        shot("budgets");
    }

    @Test
    @Order(5)
    void rankingsAreTheRankingsApis() throws Exception {
        open("rankings?period=week");
        for (String by : List.of("model", "provider")) {
            JsonNode rankings = api("/admin/usage/rankings?by=" + by + "&period=week&top=20");
            for (String list : List.of("tokens", "spend")) {
                String id = by + "s-by-" + list;
                JsonNode entries = rankings.path("by_" + list);
                assertThat(browser.findElements(By.cssSelector("#" + id + " tbody tr[data-key]"))).hasSize(entries.size());
                for (JsonNode e : entries) {
                    String name = e.path("name").asText();
                    assertThat(cell(id, name, "rank")).isEqualTo(e.path("rank").asText());
                    assertThat(number(cell(id, name, "tokens"))).isEqualTo(e.path("tokens").asLong());
                    assertThat(number(cell(id, name, "requests"))).isEqualTo(e.path("requests").asLong());
                    assertThat(cell(id, name, "cost_usd")).isEqualTo(e.path("cost_usd").asText());
                    assertThat(cell(id, name, "trend")).isEqualTo(e.path("trend").asText());
                }
            }
        }
        assertThat(browser.findElements(By.cssSelector("#models-by-tokens tbody tr[data-key='sim-console-b']"))).hasSize(1);
        shot("rankings");
    }

    @Test
    @Order(6)
    void providerHealthShowsTheBreakersAndLatencies() throws Exception {
        open("health");
        JsonNode health = api("/admin/providers/health").path("deployments");
        for (String deployment : List.of("sim/sim-console-a", "sim/sim-console-b")) {
            JsonNode h = health.path(deployment);
            assertThat(cell("health-table", deployment, "circuit")).isEqualTo(h.path("circuit").asText().replace('_', '-'));
            assertMs(cell("health-table", deployment, "p50_ms"), h.path("p50_ms").asDouble());
            assertMs(cell("health-table", deployment, "p95_ms"), h.path("p95_ms").asDouble());
        }
        assertThat(health.path("sim/sim-console-b").path("served_calls").asInt()).as("the request that failed over").isPositive();
        assertThat(cell("health-table", "sim/sim-console-a", "p50_ms")).as("never served a call").isEqualTo("–");
        // Refreshed live: the time of the last refresh changes without a reload.
        String first = browser.findElement(By.id("health-updated")).getText();
        wait(b -> !b.findElement(By.id("health-updated")).getText().equals(first));
        shot("health");
    }

    @Test
    @Order(7)
    void recentRequestsFilterAndOpenATraceWithItsFailover() throws Exception {
        open("requests");
        browser.findElement(By.id("filter-model")).sendKeys("console");
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("failover");
        browser.findElement(By.cssSelector("#request-filters button[type=submit]")).click();
        wait(b -> b.getCurrentUrl().contains("status=failover"));
        waitFor("requests");
        List<String> ids = new ArrayList<>();
        browser.findElements(By.cssSelector("#requests-table tbody tr[data-key]")).forEach(r -> ids.add(r.getDomAttribute("data-key")));
        assertThat(ids).contains(failedOver);
        assertThat(ids).isEqualTo(api("/admin/requests?model=console&status=failover&limit=50").path("requests").findValuesAsText("id"));
        shot("requests");

        browser.findElement(By.cssSelector("#requests-table tr[data-key='" + failedOver + "'] a")).click();
        waitFor("request");
        JsonNode trace = api("/admin/requests/" + failedOver);
        List<WebElement> rows = browser.findElements(By.cssSelector("#attempts-table tbody tr[data-key]"));
        assertThat(rows).hasSize(trace.path("attempts").size());
        for (JsonNode a : trace.path("attempts")) {
            String n = a.path("n").asText();
            assertThat(cell("attempts-table", n, "deployment")).isEqualTo(a.path("deployment").asText());
            assertThat(cell("attempts-table", n, "status")).isEqualTo(a.path("status").asText());
            assertThat(cell("attempts-table", n, "outcome")).isEqualTo(a.path("outcome").asText());
        }
        JsonNode attempts = trace.path("attempts");
        assertThat(attempts.get(0).path("deployment").asText()).isEqualTo("sim/sim-console-a");
        assertThat(attempts.get(0).path("status").asInt()).isEqualTo(503);
        assertThat(attempts.get(attempts.size() - 1).path("deployment").asText()).isEqualTo("sim/sim-console-b");
        assertThat(attempts.get(attempts.size() - 1).path("status").asInt()).isEqualTo(200);
        assertThat(browser.findElement(By.id("failover")).getText()).contains("sim/sim-console-a").contains("served by sim/sim-console-b");
        shot("request-trace");
    }

    @Test
    @Order(8)
    void policyPageShowsThePolicyInForceAndReloadsIt() throws Exception {
        open("policy");
        JsonNode policy = api("/admin/policy");
        assertThat(fact("policy-facts", "Digest")).isEqualTo(policy.path("digest").asText());
        assertThat(fact("policy-facts", "Version")).isEqualTo(policy.path("version").asText());
        assertThat(fact("policy-facts", "Teams")).isEqualTo(policy.path("teams").asText());
        assertThat(browser.findElement(By.id("last-load")).getText()).startsWith("Applied");
        shot("policy");

        Thread.sleep(1100); // a reload in another second than the start's, so the page shows a new time
        browser.findElement(By.id("reload")).click();
        wait(b -> !api("/admin/policy").path("loaded_at").asText().equals(policy.path("loaded_at").asText()));
        JsonNode reloaded = api("/admin/policy");
        assertThat(reloaded.path("digest").asText()).as("the same files").isEqualTo(policy.path("digest").asText());
        assertThat(reloaded.path("last_load").path("applied").asBoolean()).isTrue();
        String loaded = SECONDS.format(Instant.parse(reloaded.path("loaded_at").asText()));
        wait(b -> loaded.equals(fact("policy-facts", "Loaded")));
    }

    @Test
    @Order(9)
    void explainShowsTheDecisionTheApiTakes() throws Exception {
        open("explain");
        browser.findElement(By.id("explain-name")).sendKeys("demo");
        WebElement body = browser.findElement(By.id("explain-body"));
        body.clear();
        body.sendKeys("{\"model\": \"console\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}");
        browser.findElement(By.id("explain-submit")).click();
        wait(b -> !b.findElements(By.id("explain-facts")).isEmpty());
        JsonNode decision = JSON.readTree(send("POST", "/admin/policy/explain", RelayIT.ADMIN,
                "{\"team\":\"demo\",\"request\":{\"model\":\"console\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}}").body());
        assertThat(fact("explain-facts", "Decision")).isEqualTo("ADMIT");
        assertThat(fact("explain-facts", "Alias")).isEqualTo(decision.path("alias").asText()).isEqualTo("console");
        List<String> shown = new ArrayList<>();
        browser.findElements(By.cssSelector("#explain-candidates tbody tr[data-key]")).forEach(r -> shown.add(r.getDomAttribute("data-key")));
        assertThat(shown).isEqualTo(decision.path("candidates").findValuesAsText("deployment"));
        for (JsonNode c : decision.path("candidates")) {
            assertThat(cell("explain-candidates", c.path("deployment").asText(), "estimated_cost_usd")).isEqualTo(c.path("estimated_cost_usd").asText());
        }
        shot("explain");
    }

    @Test
    @Order(10)
    void auditPageSaysWhetherTheChainVerifies() throws Exception {
        open("audit");
        WebElement verdict = browser.findElement(By.id("audit-verdict"));
        JsonNode api = api("/admin/audit/verify");
        assertThat(verdict.getDomAttribute("data-valid")).isEqualTo(api.path("valid").asText()).isEqualTo("true");
        // Every admin call is audited, this one too: the page counted the chain just before it.
        assertThat(Long.parseLong(verdict.getDomAttribute("data-entries"))).isPositive().isLessThanOrEqualTo(api.path("entries").asLong());
        assertThat(verdict.getText()).contains("The audit chain verifies.");
        shot("audit");
    }

    @Test
    @Order(11)
    void fitsANarrowWindowAndSignsOut() throws Exception {
        browser.manage().window().setSize(new Dimension(420, 800));
        open("spend");
        shot("spend-narrow");
        Object wide = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const w = document.documentElement.clientWidth; const out = [];"
                        + "document.querySelectorAll('body *').forEach(e => { const r = e.getBoundingClientRect();"
                        + " if (r.right > w + 1 && !e.closest('.scroll')) out.push(e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(r.right)); });"
                        + "return document.documentElement.scrollWidth - w + ' ' + out.slice(0, 8).join(', ');");
        assertThat(String.valueOf(wide)).as("no sideways scrolling of the page itself").startsWith("0 ");
        browser.manage().window().setSize(new Dimension(1280, 800));

        String session = sessionCookie();
        browser.findElement(By.id("sign-out")).click();
        wait(b -> b.getCurrentUrl().endsWith("/console/sign-in"));
        assertThat(withCookie("GET", "/admin/policy", session, null).statusCode()).as("the session is gone").isEqualTo(401);
        browser.get(RELAY + "/console/#budgets");
        wait(b -> b.getCurrentUrl().startsWith(RELAY + "/console/sign-in")); // the browser keeps the #budgets across the redirect
    }

    // --- helpers

    private static void open(String page) {
        browser.get(RELAY + "/console/#" + page);
        waitFor(page.contains("?") ? page.substring(0, page.indexOf('?')) : page);
    }

    /** Waits until the page is drawn: the console marks #page with its name and ready=1 when its figures are in. */
    private static void waitFor(String page) {
        wait(b -> {
            WebElement p = b.findElement(By.id("page"));
            return page.equals(p.getDomAttribute("data-page")) && "1".equals(p.getDomAttribute("data-ready"));
        });
        String error = browser.findElement(By.id("status")).getText();
        assertThat(error).as("the page's error line").isEmpty();
    }

    private static void wait(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }

    private static String cell(String table, String key, String column) {
        return browser.findElement(By.cssSelector("#" + table + " tr[data-key='" + key + "'] [data-col='" + column + "']")).getText().trim();
    }

    private static String fact(String list, String name) {
        return browser.findElement(By.cssSelector("#" + list + " dd[data-fact='" + name + "']")).getText().trim();
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replace(",", ""));
    }

    /** The page rounds to a tenth of a millisecond (JavaScript's toFixed, which rounds the binary value, not the decimal). */
    private static void assertMs(String shown, double api) {
        if (api < 0) {
            assertThat(shown).isEqualTo("–");
            return;
        }
        assertThat(shown).endsWith(" ms");
        assertThat(Double.parseDouble(shown.substring(0, shown.length() - 3))).isCloseTo(api, org.assertj.core.data.Offset.offset(0.051));
    }

    private static String sessionCookie() {
        return browser.manage().getCookieNamed("modelgate_console").getValue();
    }

    private static void shot(String name) throws Exception {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode api(String path) {
        try {
            HttpResponse<String> answer = send("GET", path, RelayIT.ADMIN, null);
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError(path, e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(RELAY + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> withCookie(String method, String path, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(RELAY + path)).header("Cookie", "modelgate_console=" + session)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
