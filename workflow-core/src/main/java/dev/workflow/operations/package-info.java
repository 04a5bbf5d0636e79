/**
 * Durable schedules and retention, built on the engine's own durability: each is a system
 * workflow instance with a fixed id that loops on durable timers and acts through activities, so
 * they work on every backend, run on one replica at a time and need no storage of their own. Only
 * the public API ({@code dev.workflow}) is used here.
 */
package dev.workflow.operations;
