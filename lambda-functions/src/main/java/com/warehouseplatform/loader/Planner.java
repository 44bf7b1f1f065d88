package com.warehouseplatform.loader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Decides what one run loads, from listing pages and the ledger rows of each page's key range.
 * No I/O of its own: the caller lists and queries, the planner only looks at values.
 *
 * <p>Feed it the pages in listing order with {@link #accept}, or let {@link #consume} read them
 * from a listing and a ledger lookup; after each page it tells whether the batch is full. Folders ("key/") are skipped. Quarantined versions (key + ETag) and keys that
 * cannot be written into SQL are skipped and stop the watermark; versions in the ledger are not
 * loaded again. The batch takes new versions in key order until a cap would be exceeded (files,
 * bytes); a first file larger than the byte cap is still taken alone,
 * so a big file never blocks the prefix. The watermark to store on success is the greatest listed
 * key such that every listed key up to it is in the ledger or in this batch.
 */
public final class Planner {

    /**
     * Per-batch caps, the configured ones: nothing else bounds a batch, since its statements do not
     * grow with its files (BatchSql).
     */
    public record Limits(int maxFiles, long maxBytes) {

        public static Limits of(LoaderSettings s) {
            return new Limits(s.maxFilesPerRun(), s.maxBytesPerRun());
        }
    }

    /** One object version: the identity the ledger and the quarantine use. */
    public record VersionId(String key, String etag) {
        public VersionId {
            etag = ObjectVersion.normalizeEtag(etag);
        }

        public static VersionId of(ObjectVersion o) {
            return new VersionId(o.key(), o.etag());
        }
    }

    /** A listed version that cannot be loaded, with the reason. */
    public record Rejected(ObjectVersion object, String reason) {}

    /** The key range whose ledger rows a page needs. */
    public record KeyRange(String first, String last) {}

    /**
     * The outcome: the batch's files (in listing order), the versions to quarantine now, and the
     * watermark to store once the batch has committed (null: leave it as it is).
     */
    public record Plan(List<BatchFile> files, List<Rejected> rejected, String watermarkOnSuccess, boolean capped) {

        public Plan {
            files = List.copyOf(files);
            rejected = List.copyOf(rejected);
        }

        public long bytes() {
            return files.stream().mapToLong(BatchFile::size).sum();
        }
    }

    private final Limits limits;
    private final Set<VersionId> quarantined;
    private final List<BatchFile> files = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private long bytes;
    private String watermark;
    private boolean blocked;
    private boolean full;

    public Planner(Limits limits, Set<VersionId> quarantined) {
        this.limits = limits;
        this.quarantined = Set.copyOf(quarantined);
    }

    /**
     * Why a key or ETag cannot go into the batch SQL, or null. Such versions are quarantined
     * with this reason, never loaded with a silently altered key.
     */
    public static String problem(ObjectVersion o) {
        String keyProblem = Sql.literalProblem(o.key());
        if (keyProblem != null) {
            return "key " + keyProblem;
        }
        if (o.key().getBytes(StandardCharsets.UTF_8).length > 1024) {
            return "key is longer than the ledger's 1024 bytes";
        }
        String etagProblem = Sql.literalProblem(o.etag());
        if (etagProblem != null || o.etag().isEmpty() || o.etag().length() > 128) {
            return "ETag is empty, too long or not printable";
        }
        return null;
    }

    /** The versions of a page whose ledger rows are needed (not folders, quarantined or rejected). */
    public List<ObjectVersion> candidates(List<ObjectVersion> page) {
        List<ObjectVersion> out = new ArrayList<>();
        for (ObjectVersion o : page) {
            if (!o.isFolder() && !quarantined.contains(VersionId.of(o)) && problem(o) == null) {
                out.add(o);
            }
        }
        return out;
    }

    /** The range of keys to read from the ledger for these candidates, or null if there are none. */
    public static KeyRange range(List<ObjectVersion> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        String first = candidates.get(0).key();
        String last = first;
        for (ObjectVersion o : candidates) {
            if (Keys.compare(o.key(), first) < 0) {
                first = o.key();
            }
            if (Keys.compare(o.key(), last) > 0) {
                last = o.key();
            }
        }
        return new KeyRange(first, last);
    }

    /**
     * Takes one listing page (in listing order) with the ledger's versions for its range.
     * Returns {@link #isFull()}.
     */
    public boolean accept(List<ObjectVersion> page, Set<VersionId> ledger) {
        for (ObjectVersion o : page) {
            if (full) {
                break;
            }
            if (o.isFolder()) {
                continue;
            }
            VersionId id = VersionId.of(o);
            if (quarantined.contains(id)) {
                blocked = true;
                continue;
            }
            String problem = problem(o);
            if (problem != null) {
                rejected.add(new Rejected(o, problem));
                blocked = true;
                continue;
            }
            if (ledger.contains(id)) {
                advance(o.key());
                continue;
            }
            if (!fits(o)) {
                full = true;
                break;
            }
            files.add(BatchFile.of(o, false));
            bytes += o.size();
            advance(o.key());
        }
        return full;
    }

    /**
     * Reads the listing page by page, each page with the ledger's versions for its key range,
     * until the batch is full, the listing ends or {@code stop} says so. Returns the pages read.
     */
    public int consume(SourceListing listing, Function<KeyRange, Set<VersionId>> ledger, BooleanSupplier stop) {
        int pages = 0;
        while (listing.hasNext() && !full && !stop.getAsBoolean()) {
            List<ObjectVersion> page = listing.next();
            pages++;
            KeyRange range = range(candidates(page));
            accept(page, range == null ? Set.of() : ledger.apply(range));
        }
        return pages;
    }

    private boolean fits(ObjectVersion o) {
        if (files.size() >= limits.maxFiles()) {
            return false;
        }
        return files.isEmpty() || bytes + o.size() <= limits.maxBytes();
    }

    private void advance(String key) {
        if (!blocked) {
            watermark = key;
        }
    }

    public boolean isFull() {
        return full;
    }

    public Plan plan() {
        return new Plan(files, rejected, watermark, full);
    }

    /**
     * A replay batch: exactly these versions, loaded even if the ledger holds them; the
     * watermark stays. Refused (not truncated) if they do not fit in one batch.
     */
    public static Plan replay(List<ObjectVersion> objects, Limits limits) {
        List<BatchFile> out = new ArrayList<>();
        for (ObjectVersion o : objects) {
            String problem = problem(o);
            if (problem != null) {
                throw new IllegalArgumentException("cannot replay " + Sql.printable(o.key()) + ": " + problem);
            }
            if (o.isFolder()) {
                throw new IllegalArgumentException("cannot replay a folder: " + o.key());
            }
            if (out.stream().anyMatch(f -> f.key().equals(o.key()))) {
                continue;
            }
            out.add(BatchFile.of(o, true));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("replay needs at least one key");
        }
        if (out.size() > limits.maxFiles()) {
            throw new IllegalArgumentException("replay of " + out.size() + " files does not fit in one batch (at most "
                    + limits.maxFiles() + ", the loader's maxFilesPerRun): replay them in smaller groups");
        }
        return new Plan(out, List.of(), null, false);
    }
}
