package dev.modelgate.shared.budget;

import java.util.ArrayDeque;

/** A bounded FIFO of settlements that found Redis down; kept here so the ledger reads as its rules. */
final class PendingEnds {

    private final ArrayDeque<RedisBudgetLedger.End> queue = new ArrayDeque<>();
    private final int max;

    PendingEnds(int max) {
        this.max = max;
    }

    synchronized boolean offer(RedisBudgetLedger.End end) {
        if (queue.size() >= max) {
            return false;
        }
        queue.addLast(end);
        return true;
    }

    synchronized RedisBudgetLedger.End poll() {
        return queue.pollFirst();
    }

    synchronized void putBack(RedisBudgetLedger.End end) {
        queue.addFirst(end);
    }

    synchronized int size() {
        return queue.size();
    }
}
