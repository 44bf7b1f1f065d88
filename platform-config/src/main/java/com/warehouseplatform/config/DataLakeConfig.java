package com.warehouseplatform.config;

/** Lifecycle of the data lake buckets, in days. */
public record DataLakeConfig(
        int transitionToInfrequentAccessDays, int transitionToGlacierDays, int noncurrentVersionExpirationDays) {

    static final DataLakeConfig DEFAULTS = new DataLakeConfig(30, 180, 90);

    static DataLakeConfig read(YamlObject o) {
        if (o == null) {
            return DEFAULTS;
        }
        // S3 moves objects to STANDARD_IA no sooner than 30 days after creation.
        Integer ia =
                o.integer("transitionToInfrequentAccessDays", DEFAULTS.transitionToInfrequentAccessDays(), 30, 3650);
        Integer glacier = o.integer("transitionToGlacierDays", DEFAULTS.transitionToGlacierDays(), 1, 3650);
        Integer noncurrent =
                o.integer("noncurrentVersionExpirationDays", DEFAULTS.noncurrentVersionExpirationDays(), 1, 3650);
        if (ia != null && glacier != null && glacier < ia + 30) {
            o.problem(
                    "transitionToGlacierDays",
                    "must be at least 30 days after transitionToInfrequentAccessDays (" + ia + "), got " + glacier);
            glacier = null;
        }
        return ia == null || glacier == null || noncurrent == null ? null : new DataLakeConfig(ia, glacier, noncurrent);
    }
}
