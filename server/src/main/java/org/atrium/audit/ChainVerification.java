package org.atrium.audit;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking the audit chain: each row against its content and its predecessor, and the chain against
 * the signed checkpoints kept outside the database.
 *
 * @param valid                  true when every row's hash matches its content and its predecessor, and the row at
 *                               every checkpoint's sequence has the hash the checkpoint recorded
 * @param checkedRows            how many rows were checked
 * @param firstBadSeq            the first row that does not match, or, when the chain is consistent in itself but
 *                               disagrees with a checkpoint, the first row that may have been changed or removed
 * @param reason                 why the chain is not valid
 * @param lastBadSeq             with a checkpoint disagreement, the last row of the affected range: the
 *                               checkpoint's sequence (the change lies between {@code firstBadSeq} and here)
 * @param checkedCheckpoints     how many signed checkpoints the chain was compared with
 * @param lastCheckpointSequence the sequence number of the newest checkpoint, if any
 */
public record ChainVerification(boolean valid, long checkedRows, @Nullable Long firstBadSeq, @Nullable String reason,
        @Nullable Long lastBadSeq, int checkedCheckpoints, @Nullable Long lastCheckpointSequence) {

    /** The rows alone, before comparing with checkpoints. */
    public static ChainVerification ofRows(boolean valid, long checkedRows, @Nullable Long firstBadSeq,
            @Nullable String reason) {
        return new ChainVerification(valid, checkedRows, firstBadSeq, reason, null, 0, null);
    }
}
