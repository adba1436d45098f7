package dev.vigil.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** The body a webhook receives: Vigil's own JSON, or the text message Slack or WeCom (企业微信) robots accept. */
public enum WebhookFormat {
    /** {@code {"title": ..., "text": ..., "event": {...}}}. */
    JSON,
    /** Slack incoming webhook: {@code {"text": "..."}}. */
    SLACK,
    /** WeCom group robot: {@code {"msgtype": "text", "text": {"content": "..."}}}. */
    WECOM;

    public static WebhookFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not json, slack or wecom");
        }
    }

    byte[] body(ObjectMapper mapper, Notification n) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode root = mapper.createObjectNode();
        switch (this) {
            case JSON -> {
                root.put("title", n.title());
                root.put("text", n.text());
                root.set("event", mapper.valueToTree(n.event()));
            }
            case SLACK -> root.put("text", n.title() + "\n" + n.text());
            case WECOM -> {
                root.put("msgtype", "text");
                root.putObject("text").put("content", n.title() + "\n" + n.text());
            }
        }
        return mapper.writeValueAsBytes(root);
    }
}
