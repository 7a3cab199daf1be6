package io.github.imdsdetect.auditd;

/**
 * The key of one audit event. The kernel gives every record of an event the same timestamp and
 * serial number. The node name keeps apart events of different hosts whose serials
 * collide in an aggregated log, and the timestamp keeps apart events whose serials repeat after a
 * reboot.
 *
 * @param node the {@code node=} name, or null when the line has none
 * @param seconds the timestamp's seconds since the Unix epoch
 * @param fraction the timestamp's fractional digits as written
 * @param serial the event serial number
 */
record EventKey(String node, long seconds, String fraction, long serial) {}
