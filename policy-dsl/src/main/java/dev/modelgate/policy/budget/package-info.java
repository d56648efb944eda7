/**
 * Spend budgets per team and per key over calendar periods, as integer micro-USD.
 * Requests reserve their estimated cost up front and settle the real cost later, so
 * concurrent requests cannot overrun a budget by more than their estimation error.
 */
package dev.modelgate.policy.budget;
