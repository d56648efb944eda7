package dev.modelgate.simulator;

import java.util.ArrayList;
import java.util.List;

/** Splits an SSE body into events, keeping the event name (null when none) and the data line. */
record SseEvents(List<Event> all) {

    record Event(String name, String data) {
    }

    static SseEvents parse(String body) {
        List<Event> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (data != null) {
                out.add(new Event(name, data));
            }
        }
        return new SseEvents(List.copyOf(out));
    }

    List<String> names() {
        return all.stream().map(Event::name).toList();
    }

    List<String> data() {
        return all.stream().map(Event::data).toList();
    }
}
