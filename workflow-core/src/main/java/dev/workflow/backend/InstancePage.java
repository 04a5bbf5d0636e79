package dev.workflow.backend;

import java.util.List;

/**
 * One page of an instance listing.
 *
 * @param instances the instances, ordered by creation time then id
 * @param continuationToken pass back to get the next page; null on the last page
 */
public record InstancePage(List<InstanceMetadata> instances, String continuationToken) {
}
