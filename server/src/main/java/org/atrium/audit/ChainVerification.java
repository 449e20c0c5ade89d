package org.atrium.audit;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking the audit chain.
 *
 * @param valid       true when every row's hash matches its content and its predecessor
 * @param checkedRows how many rows were checked
 * @param firstBadSeq the sequence number of the first row that does not match, if any
 * @param reason      why that row does not match
 */
public record ChainVerification(boolean valid, long checkedRows, @Nullable Long firstBadSeq, @Nullable String reason) {
}
