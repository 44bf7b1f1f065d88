package com.warehouseplatform.local;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Redshift documentation pages a conformance test holds the local warehouse to, by their page
 * ids (the last part of the URL without ".html": {@code r_COPY}, {@code copy-parameters-data-conversion},
 * {@code API_ListTables}). Every test named in the conformance table of docs/local-warehouse.md carries
 * it with at least one of its row's pages; {@code ConformanceTableTest} checks that.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RedshiftDoc {
    String[] value();
}
