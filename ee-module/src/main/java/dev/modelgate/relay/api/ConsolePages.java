package dev.modelgate.relay.api;

import dev.modelgate.relay.auth.ConsoleSessionStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The operator console's pages and assets, all from inside the WAR, so it works where no CDN can be reached:
 * its own HTML, CSS and JavaScript modules from {@code console/} on the class path, and the chart library uPlot
 * from its WebJar. {@code /console/} needs a console session ({@link ConsoleSessionResource}): without one the
 * visitor is sent to {@code /console/sign-in}. The assets hold no data and are served to anyone; every figure
 * the pages show comes from the admin API, which checks the session and the role on each call.
 */
@Path("/console")
@ApplicationScoped
public class ConsolePages {

    /** Scripts and styles only from the relay itself; no inline script, no frame, no form posted elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]{0,40}\\.(js|css)");
    private static final Pattern LIBRARY = Pattern.compile("uPlot\\.(iife\\.min\\.js|min\\.css)");
    private static final String UPLOT = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    @Inject
    ConsoleSessionStore sessions;

    private String uplotDir;

    @PostConstruct
    void findLibrary() {
        Properties pom = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(UPLOT)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not in the WAR (" + UPLOT + ")");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uplotDir = "META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/dist/";
    }

    /** {@code /console} and {@code /console/}: the pages use absolute addresses, so either serves. */
    @GET
    public Response console(@CookieParam(ConsoleCookie.NAME) String session) {
        if (session == null || sessions.use(session).isEmpty()) {
            return Response.seeOther(URI.create("/console/sign-in")).header("Cache-Control", "no-store").build();
        }
        return page("console/index.html");
    }

    @GET
    @Path("sign-in")
    public Response signIn() {
        return page("console/sign-in.html");
    }

    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) {
        if (!ASSET.matcher(name).matches()) {
            return Response.status(404).build();
        }
        return asset("console/" + name, type(name));
    }

    @GET
    @Path("lib/{name}")
    public Response library(@PathParam("name") String name) {
        if (!LIBRARY.matcher(name).matches()) {
            return Response.status(404).build();
        }
        return asset(uplotDir + name, type(name));
    }

    /** A page: never cached, so a signed-out browser's back button shows no stale figures. */
    private Response page(String resource) {
        return file(resource, "text/html; charset=utf-8", "no-store");
    }

    /** Scripts and styles: revalidated on each use, so a new relay version's assets are never mixed with old ones. */
    private Response asset(String resource, String type) {
        return file(resource, type, "no-cache");
    }

    private Response file(String resource, String type, String caching) {
        InputStream in = getClass().getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return Response.status(404).build();
        }
        try (in) {
            return Response.ok(in.readAllBytes(), type).header("Cache-Control", caching).header("Content-Security-Policy", CSP)
                    .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String name) {
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }
}
