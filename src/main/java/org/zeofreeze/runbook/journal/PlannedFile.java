package org.zeofreeze.runbook.journal;

/** A file change as it was shown for review: only exactly this may ever be written. */
public record PlannedFile(String host, String path, String beforeSha256, String afterSha256) {}
