package dev.modelgate.policy.guard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsDetectorTest {

    private final Detector secrets = Detectors.secrets();

    @ParameterizedTest
    @ValueSource(strings = {
            "AKIAIOSFODNN7EXAMPLE",
            "ASIAIOSFODNN7EXAMPLE",
            "sk-FAKEfake1234567890EXAMPLEexample",
            "sk-proj-FAKEfake1234567890EXAMPLE_example-xyz",
            "sk-ant-api03-FAKEfake1234567890EXAMPLEexample-AA",
            "ghp_FAKE0123456789abcdefghijklmnopqrstuv",
            "gho_FAKE0123456789abcdefghijklmnopqrstuv",
            "ghs_FAKE0123456789abcdefghijklmnopqrstuv",
            "github_pat_11FAKE0000000000000000_abcdefghijklmnopqrstuvwxyz0123",
            "xoxb-123456789012-1234567890123-FAKEfakeFAKEfake",
            "xoxp-000000000000-FAKE",
            "AIzaSyFAKE-fake_0123456789abcdefghijklm",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                    + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"})
    void findsTokensWithExactSpan(String token) {
        String text = "here is my key " + token + ", please keep it safe";
        assertThat(Found.in(secrets, text)).containsExactly(Found.span(text, token, "SECRET"));
    }

    @Test
    void labelledAwsSecretReportsOnlyTheValue() {
        String value = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        for (String label : new String[] {"aws_secret_access_key = ", "AWS_SECRET_ACCESS_KEY=", "\"aws_secret_access_key\": \"",
                "secretAccessKey: ", "aws secret access key => '"}) {
            String text = "config " + label + value + "\" end";
            assertThat(Found.in(secrets, text)).as(label).containsExactly(Found.span(text, value, "SECRET"));
        }
    }

    @Test
    void unlabelledFortyCharStringIsNotAnAwsSecret() {
        assertThat(Found.in(secrets, "sha wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).isEmpty();
        assertThat(Found.in(secrets, "aws_secret_access_key = tooShort123")).isEmpty();
    }

    @Test
    void pemPrivateKeyBlockIsOneMatchOfKindPrivateKey() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEFAKEFAKEkeyMaterial\nAAAAfake==\n-----END RSA PRIVATE KEY-----";
        String text = "my key:\n" + pem + "\nthanks";
        assertThat(Found.in(secrets, text)).containsExactly(Found.span(text, pem, "PRIVATE_KEY"));
        String openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAFAKE\n-----END OPENSSH PRIVATE KEY-----";
        assertThat(Found.texts(secrets, openssh)).containsExactly(openssh);
    }

    @Test
    void truncatedPemBlockStillCoversTheKeyMaterial() {
        String text = "-----BEGIN PRIVATE KEY-----\nMIIEvFAKEFAKE\nQDFAKE== and then the paste was cut";
        assertThat(Found.texts(secrets, text)).containsExactly("-----BEGIN PRIVATE KEY-----\nMIIEvFAKEFAKE\nQDFAKE==");
    }

    @Test
    void findsSeveralSecretsInNonLatinText() {
        String text = "密钥AKIAIOSFODNN7EXAMPLE和令牌ghp_FAKE0123456789abcdefghijklmnopqrstuv😀";
        assertThat(Found.texts(secrets, text)).containsExactly("AKIAIOSFODNN7EXAMPLE", "ghp_FAKE0123456789abcdefghijklmnopqrstuv");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a risk-free plan with sk-learn models",
            "sk-this-is-not-a-real-key-at-all-really",
            "install sk-learn2 today",
            "task-1234567890abcdefghijklmnop is a ticket",
            "AKIA1234 is too short",
            "AKIAIOSFODNN7EXAMPLEX is too long",
            "AKIAIOSFODNN7EXAMPLEx glued",
            "XAKIAIOSFODNN7EXAMPLE glued",
            "ghp_short",
            "xoxb-nodigitshere-only",
            "AIzaTooShort",
            "eyJhbGciOiJIUzI1NiJ9 alone",
            "-----BEGIN PUBLIC KEY-----\nMIIBFAKE\n-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIBFAKE\n-----END CERTIFICATE-----"})
    void rejectsNearMisses(String text) {
        assertThat(Found.in(secrets, text)).isEmpty();
    }

    @Test
    void repeatedTruncatedPemBlocksAreEachCovered() {
        String text = "-----BEGIN PRIVATE KEY-----\nAAAAfake\n-----BEGIN EC PRIVATE KEY-----\nBBBBfake";
        assertThat(Found.texts(secrets, text)).containsExactly(
                "-----BEGIN PRIVATE KEY-----\nAAAAfake", "-----BEGIN EC PRIVATE KEY-----\nBBBBfake");
    }

    @Test
    void repeatedPrefixesDoNotProduceMatches() {
        assertThat(Found.in(secrets, "sk-".repeat(1000))).isEmpty();
        assertThat(Found.in(secrets, "AKIA".repeat(1000))).isEmpty();
    }
}
