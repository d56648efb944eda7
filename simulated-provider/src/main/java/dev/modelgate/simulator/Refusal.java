package dev.modelgate.simulator;

/** A request turned away before any fault or answer: the status and the error body in the format's shape. */
record Refusal(int status, byte[] body) {
}
