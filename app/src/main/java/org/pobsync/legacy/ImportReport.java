package org.pobsync.legacy;

import java.util.List;

/** What an import did, or would do with {@code dryRun}: one line per item, in file order. */
public record ImportReport(List<Item> items, List<String> ignoredFiles, boolean dryRun) {

    public enum Action {
        CREATED, UPDATED, UNCHANGED,
        /** In the database but not in the files: an import never deletes. */
        KEPT
    }

    /**
     * One thing the import looked at: "global configuration", "host web1", "schedule of web1";
     * for an update, the keys whose values change.
     */
    public record Item(String subject, String file, Action action, List<String> changedKeys, String note) {
    }

    public long count(Action action) {
        return items.stream().filter(i -> i.action() == action).count();
    }
}
