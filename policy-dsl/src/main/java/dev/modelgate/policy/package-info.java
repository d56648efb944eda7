/** Modelgate's policy language: model, loading, validation and evaluation. */
package dev.modelgate.policy;
