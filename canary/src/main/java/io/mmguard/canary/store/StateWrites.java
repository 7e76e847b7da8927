package io.mmguard.canary.store;

/**
 * Where the controller writes its state: the changelogged store, during the processing of the record that changed it. A
 * change is written before {@code process()} returns, so whatever offsets a commit covers, the store holds the state
 * after exactly those records (under exactly-once the two commit in one transaction).
 */
public interface StateWrites {

    void put(String key, byte[] value);

    void delete(String key);
}
