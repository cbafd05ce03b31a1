package org.zeofreeze.plan;

/** The choice cannot be planned (unknown storage, the root...); nothing was changed. */
public final class PlanException extends Exception {
    public PlanException(String message) {
        super(message);
    }
}
