package dev.vigil.core.leak;

/** What the agent should do about a rule result. */
public enum RuleAction {
    /** Nothing: below the threshold, or a collection already brought usage back under it (garbage, not a leak). */
    NONE,
    /** Over the threshold and no collection seen since: request a GC and observe whether usage drops. */
    GC_AND_OBSERVE,
    /** Still over the threshold right after a collection during the breach: the live set is high; take a heap dump. */
    HEAP_DUMP
}
