package org.pobsync.notify;

/** One line of the notification log: a delivery, its event, and its channel's name (null for a ping). */
public record LogEntry(Delivery delivery, NotificationEvent event, String channel) {
}
