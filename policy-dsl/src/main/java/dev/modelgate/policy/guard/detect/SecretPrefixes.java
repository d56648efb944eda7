package dev.modelgate.policy.guard.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Self-identifying credential formats: tokens whose vendor put a fixed prefix in front of the random
 * part so that scanners can find them (the families gitleaks and detect-secrets know). Each entry
 * is a prefix (case-sensitive) and the least number of random chars that must follow it. What
 * counts as random (entropy, no placeholder) is decided in {@link SecretValues}, once for all.
 */
final class SecretPrefixes {

    /** A prefix and the fewest body chars after it. */
    record Prefix(String prefix, int minBody) {
    }

    private final Prefix[][] byFirstChar = new Prefix[128][];

    SecretPrefixes() {
        List<Prefix> all = List.of(
                // cloud providers
                p("AKIA", 16), p("ASIA", 16), p("ABIA", 16), p("ACCA", 16), p("A3T", 17), // AWS key ids
                p("ABSK", 80), p("bedrock-api-key-", 40),      // Amazon Bedrock API keys
                p("AIza", 35),                                  // Google API keys
                p("LTAI", 20),                                  // Alibaba Cloud
                p("YC", 38), p("AQVN", 35), p("t1.", 60),       // Yandex Cloud
                p("dop_v1_", 64), p("doo_v1_", 64), p("dor_v1_", 64), // DigitalOcean
                p("fo1_", 40), p("fm1r_", 40), p("fm2_", 40),   // Fly.io
                p("hvs.", 24), p("hvb.", 24),                   // HashiCorp Vault
                p("sha256~", 43),                               // OpenShift
                p("dapi", 32),                                  // Databricks
                p("pscale_tkn_", 32), p("pscale_oauth_", 32), p("pscale_pw_", 32), // PlanetScale
                // AI providers
                p("sk-", 20), p("hf_", 30), p("api_org_", 30), p("pplx-", 40), p("r8_", 37),
                // source hosting and package registries
                p("ghp_", 36), p("gho_", 36), p("ghu_", 36), p("ghs_", 36), p("ghr_", 36), p("github_pat_", 70),
                p("glpat-", 20), p("glptt-", 40), p("glrt-", 20), p("gldt-", 20), p("glft-", 20),
                p("glcbt-", 20), p("glimt-", 20), p("glagent-", 50), p("gloas-", 64), p("glsoat-", 20),
                p("glffct-", 20), p("GR1348941", 20), p("_gitlab_session=", 32),
                p("npm_", 36), p("pypi-AgE", 60), p("rubygems_", 48), p("CLOJARS_", 60),
                p("oy2", 43), p("AKCp", 69), p("cmVmd", 59), p("sgp_", 40), p("dckr_pat_", 27),
                // chat, mail and messaging
                p("xoxb-", 10), p("xoxp-", 10), p("xoxa-", 10), p("xoxo-", 10), p("xoxs-", 10), p("xoxr-", 10),
                p("xoxe.xoxb-", 40), p("xoxe.xoxp-", 40), p("xoxe-", 40), p("xapp-", 30),
                p("hooks.slack.com/services/", 20), p("hooks.slack.com/workflows/", 20),
                p("hooks.slack.com/triggers/", 20),
                p("SG.", 60), p("xkeysib-", 64), p("key-", 32), p("pubkey-", 32),
                // payments and commerce
                p("sk_live_", 10), p("sk_test_", 10), p("sk_prod_", 10), p("rk_live_", 10), p("rk_test_", 10),
                p("rk_prod_", 10),
                p("shpat_", 32), p("shpca_", 32), p("shppa_", 32), p("shpss_", 32),
                p("sq0atp-", 22), p("sq0csp-", 40), p("EAAA", 22),
                p("FLWSECK-", 32), p("FLWPUBK-", 32), p("FLWSECK_TEST", 12), p("FLWPUBK_TEST", 12),
                p("shippo_live_", 40), p("shippo_test_", 40), p("EZAK", 54), p("EZTK", 54),
                p("duffel_test_", 43), p("duffel_live_", 43), p("live_", 30), p("test_", 30),
                // operations and monitoring
                p("glc_", 32), p("glsa_", 32), p("eyJrIjoi", 70),  // Grafana
                p("dt0c01.", 80), p("NRAK-", 27), p("NRJS-", 19), p("NRII-", 32), // Dynatrace, New Relic
                p("squ_", 40), p("sqp_", 40), p("sqa_", 40),     // SonarQube
                p("sntrys_", 60), p("sntryu_", 64), p("PMAK-", 59), p("lin_api_", 40), p("lin_oauth_", 64),
                p("ntn_", 46), p("secret_", 43), p("pnu_", 36), p("pul-", 40), p("rdme_", 70), p("tfp_", 59),
                p("dp.pt.", 43), p("dp.st.", 40), p("dp.ct.", 40), p("dp.scim.", 40), p("dp.audit.", 40),
                p("ATATT3", 180), p("ops_eyJ", 200), p("AGE-SECRET-KEY-1", 58),
                p("sm_pat_", 16), p("sm_aat_", 16), p("sm_sat_", 16),
                p("ico-", 32), p("p8e-", 32), p("s-s4t2ud-", 64), p("s-s4t2af-", 64), p("fio-u-", 64),
                p("tk-us-", 48), p("HRKU-", 60), p("dnkey-", 40), p("phx_", 40), p("phc_", 40),
                p("API-", 26),                                  // Octopus Deploy
                p("A3-", 30),                                   // 1Password secret keys
                p("pat.", 60), p("sat.", 60),                   // Harness
                p("sk.eyJ", 60), p("pk.", 80),               // Mapbox
                p("v1.0-", 150), p("sl.", 130), p("EAA", 90),   // Cloudflare origin CA, Dropbox, Facebook
                p("SK", 32));                                   // Twilio API key sids
        List<List<Prefix>> lists = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            lists.add(null);
        }
        for (Prefix p : all) {
            char c = p.prefix().charAt(0);
            if (lists.get(c) == null) {
                lists.set(c, new ArrayList<>());
            }
            lists.get(c).add(p);
        }
        for (int c = 0; c < 128; c++) {
            if (lists.get(c) != null) {
                // longest first, so "xoxe.xoxb-" wins over "xoxe-" and "sk_live_" over "sk-"
                byFirstChar[c] = lists.get(c).stream()
                        .sorted((a, b) -> Integer.compare(b.prefix().length(), a.prefix().length()))
                        .toArray(Prefix[]::new);
            }
        }
    }

    private static Prefix p(String prefix, int minBody) {
        return new Prefix(prefix, minBody);
    }

    /** The longest known prefix at {@code i}, or null. */
    Prefix at(CharSequence text, int i) {
        if (i >= text.length()) {
            return null;
        }
        char c = text.charAt(i);
        Prefix[] candidates = c < 128 ? byFirstChar[c] : null;
        if (candidates == null) {
            return null;
        }
        for (Prefix p : candidates) {
            if (Chars.regionMatches(text, i, p.prefix())) {
                return p;
            }
        }
        return null;
    }
}
