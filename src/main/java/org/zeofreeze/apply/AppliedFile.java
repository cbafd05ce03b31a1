package org.zeofreeze.apply;

/** One file an apply changed: where its backup is, and the hashes before and after. */
public record AppliedFile(String path, String backup, String beforeSha256, String afterSha256) {}
