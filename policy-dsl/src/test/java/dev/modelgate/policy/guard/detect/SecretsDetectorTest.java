package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tokens below are random strings in each vendor's format, generated for this test; none was
 * ever a credential.
 */
class SecretsDetectorTest {

    private final Detector secrets = Detectors.secrets();

    @ParameterizedTest
    @ValueSource(strings = {
            "AKIAMN18DI4C6K1P0MBO",
            "ASIAJIN4YXPBBS88H6CA",
            "ABIA39UU11MDQMY17JDG",
            "sk-proj-eiIJTXcdAnxMX6f2IugAYc8ATDLecwgRpYf9iR9r-w46ZWMX96RSBwHEMyTc9",
            "sk-ant-api03-ftbo8exec2gL2uiLvmiec2cJ_PYdmoA4ENDsXZOkitfdsYFPizJP38B-EamnAA",
            "ghp_bnnWgjJUic9NRUIkYk8HddyFIhAVVnvkodJa",
            "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",
            "glpat-Aq9MqWgOZFPex0DorjSg",
            "sk_live_tWJo7UQKwi0FdLXNDgCEtoS1",
            "hf_CVCEnkfreMoKV0QZmXcgrXRPpKD3hlYwKA",
            "npm_C4BGmrnRg8SNX7iJztFP8eCHG6c8tjNP286O",
            "xoxb-578595905600-5255392809856-JfWjVaoHT5NEFkYjLIgZ5Wyz",
            "AIzaGgN1L-YAh5JuFttVdT-nuUTQX_JK2O1-KNJ",
            "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",
            "pypi-AgEIcHlwaS5vcmc0IdUTvvmxyANsdffQu6wKYeDGarbIOqhqX9DxtCt9C4vtqPkt1r8FMaNwg7e",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                    + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"})
    void findsVendorTokensWithExactSpan(String token) {
        String text = "here is my key " + token + ", please keep it safe";
        assertThat(Found.in(secrets, text)).containsExactly(Found.span(text, token, "SECRET"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "AKIAIOSFODNN7EXAMPLE",                          // AWS's documentation key
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "glpat-XXXXXXXXXXXXXXXXXXXX",
            "sk_live_****************************",
            "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "AIzaSyabcdefghijklmnopqrstuvwxyz1234567",       // typed by hand: a run of the alphabet
            "xoxb-Slack_BOT_TOKEN_goes_here_please",
            "password = \"<your password>\"",
            "api_key: ${API_KEY}",
            "token=$(cat /run/secrets/token)",
            "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----"})
    void documentationPlaceholdersAreNotSecrets(String text) {
        assertThat(Found.in(secrets, "from the docs: " + text)).isEmpty();
    }

    @Test
    void assignedValueIsReportedWithoutItsName() {
        String value = "VhlfWE+h1j0CD/L8nKvlcndLstRMcBwgM4CzzKxj";
        for (String label : new String[] {"aws_secret_access_key = ", "AWS_SECRET_ACCESS_KEY=", "\"aws_secret_access_key\": \"",
                "secretAccessKey: ", "db_password := \"", "jira_token: ", "export MY_APP_SECRET=", "client_secret => \""}) {
            String text = "config " + label + value + "\" end";
            assertThat(Found.in(secrets, text)).as(label).containsExactly(Found.span(text, value, "SECRET"));
        }
    }

    @Test
    void comparisonWrittenEitherWayRoundIsFound() {
        String value = "q7#Vd2!pLm9Zk4";
        String text = "if (\"" + value + "\" == password) { login(); }";
        assertThat(Found.texts(secrets, text)).containsExactly(value);
    }

    @Test
    void credentialsInHeadersUrlsAndCurlAreFound() {
        assertThat(Found.texts(secrets, "curl -H \"Authorization: Bearer jBNwI8awduEBCtinXhPq4XELKxpPaiidMRNGexLB\" https://api"))
                .containsExactly("jBNwI8awduEBCtinXhPq4XELKxpPaiidMRNGexLB");
        assertThat(Found.texts(secrets, "postgres://app:q7#Vd2!pLm9Zk4@db.internal:5432/main"))
                .containsExactly("q7#Vd2!pLm9Zk4");
        assertThat(Found.texts(secrets, "curl -u admin:q7#Vd2!pLm9Zk4 https://localhost:9200"))
                .containsExactly("q7#Vd2!pLm9Zk4");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "curl -u \"$USER:$PASSWORD\" https://x",
            "curl --user username:password https://x",
            "https://user:pass@example.org",
            "Authorization: Bearer $TOKEN",
            "token_length = 32",
            "clientId = \"73082700-1f09-405b-80d0-3131bfd6272d\"",
            "password: real_key",
            "X-Auth-Source: sm02915.int.contoso.com",
            "csrf-token=Mj2qykJO5rELyHgezQ69nzUX0i3OH67V7+V4eUrLfpuyOuxmiW9rhROG",
            "api_key = get_api_key_from_environment()"})
    void namesWithoutASecretValueAreNotReported(String text) {
        assertThat(Found.in(secrets, text)).isEmpty();
    }

    @Test
    void unlabelledFortyCharStringIsNotASecret() {
        assertThat(Found.in(secrets, "sha VhlfWE+h1j0CD/L8nKvlcndLstRMcBwgM4CzzKxj")).isEmpty();
        assertThat(Found.in(secrets, "aws_secret_access_key = short1")).isEmpty();
    }

    @Test
    void pemPrivateKeyBlockIsOneMatchOfKindPrivateKey() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAz8mKeyMaterial\nAAAAbase64==\n-----END RSA PRIVATE KEY-----";
        String text = "my key:\n" + pem + "\nthanks";
        assertThat(Found.in(secrets, text)).containsExactly(Found.span(text, pem, "PRIVATE_KEY"));
        String openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----";
        assertThat(Found.texts(secrets, openssh)).containsExactly(openssh);
    }

    @Test
    void truncatedPemBlockStillCoversTheKeyMaterial() {
        String text = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0B== and then the paste was cut";
        assertThat(Found.texts(secrets, text)).containsExactly("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0B==");
    }

    @Test
    void findsSeveralSecretsInNonLatinText() {
        String text = "密钥 AKIAMN18DI4C6K1P0MBO 和令牌 ghp_bnnWgjJUic9NRUIkYk8HddyFIhAVVnvkodJa😀";
        assertThat(Found.texts(secrets, text)).containsExactly("AKIAMN18DI4C6K1P0MBO", "ghp_bnnWgjJUic9NRUIkYk8HddyFIhAVVnvkodJa");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a risk-free plan with sk-learn models",
            "sk-this-is-not-a-real-key-at-all-really",
            "install sk-learn2 today",
            "task-1234567890abcdefghijklmnop is a ticket",
            "AKIA1234 is too short",
            "AKIAMN18DI4C6K1P0MBOX is too long",
            "AKIAMN18DI4C6K1P0MBOx glued",
            "XAKIAMN18DI4C6K1P0MBO glued",
            "ghp_short",
            "AIzaTooShort",
            "eyJhbGciOiJIUzI1NiJ9 alone",
            "hf_requiredCharacteristicTypesForDisplayMetadata",
            "video_box.ico-7a388b69018576d24b59331fd60aab0c.png",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END CERTIFICATE-----"})
    void rejectsNearMisses(String text) {
        assertThat(Found.in(secrets, text)).isEmpty();
    }

    @Test
    void repeatedTruncatedPemBlocksAreEachCovered() {
        String text = "-----BEGIN PRIVATE KEY-----\nAAAAB3NzaC1yc2EAAAAD\n-----BEGIN EC PRIVATE KEY-----\nBBBBMHcCAQEEIDk2\n";
        assertThat(Found.texts(secrets, text)).containsExactly(
                "-----BEGIN PRIVATE KEY-----\nAAAAB3NzaC1yc2EAAAAD", "-----BEGIN EC PRIVATE KEY-----\nBBBBMHcCAQEEIDk2");
    }

    @Test
    void repeatedPrefixesDoNotProduceMatches() {
        assertThat(Found.in(secrets, "sk-".repeat(1000))).isEmpty();
        assertThat(Found.in(secrets, "AKIA".repeat(1000))).isEmpty();
    }

    /** 200 KB built to make a careless scanner quadratic; completing is the test (no time is asserted). */
    @ParameterizedTest
    @ValueSource(strings = {"a.", "glpat-", "password=", "\"x\" == password ", "https://u:", "-----BEGIN PRIVATE KEY-----",
            "token: Bearer ", "1234567890:A", "-u a:"})
    void adversarialTwoHundredKilobytesComplete(String unit) {
        String text = unit.repeat(200 * 1024 / unit.length());
        Found.in(secrets, text); // both scans walk the whole text, agree, and keep spans ordered and disjoint
    }
}
