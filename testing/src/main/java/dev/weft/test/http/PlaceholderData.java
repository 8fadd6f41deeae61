package dev.weft.test.http;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data set of {@link JsonPlaceholderServer}: 100 posts, 10 users and 500 comments shaped like
 * jsonplaceholder.typicode.com's. Post 1, user 1 and comment 1 are the real site's; the rest are
 * generated deterministically.
 */
final class PlaceholderData {
    static final int POSTS = 100;
    static final int USERS = 10;
    static final int COMMENTS = 500;

    private static final String[][] USERS_DATA = {
        {"Leanne Graham", "Bret", "Sincere@april.biz"},
        {"Ervin Howell", "Antonette", "Shanna@melissa.tv"},
        {"Clementine Bauch", "Samantha", "Nathan@yesenia.net"},
        {"Patricia Lebsack", "Karianne", "Julianne.OConner@kory.org"},
        {"Chelsey Dietrich", "Kamren", "Lucio_Hettinger@annie.ca"},
        {"Mrs. Dennis Schulist", "Leopoldo_Corkery", "Karley_Dach@jasper.info"},
        {"Kurtis Weissnat", "Elwyn.Skiles", "Telly.Hoeger@billy.biz"},
        {"Nicholas Runolfsdottir V", "Maxime_Nienow", "Sherwood@rosamond.me"},
        {"Glenna Reichert", "Delphine", "Chaim_McDermott@dana.io"},
        {"Clementina DuBuque", "Moriah.Stanton", "Rey.Padberg@karina.biz"},
    };

    private static final String[] WORDS = {
        "qui", "est", "esse", "ea", "molestias", "quasi", "exercitationem", "repellat", "et",
                "iusto",
        "dolorem", "eum", "magnam", "facilis", "autem", "ullam", "voluptatem", "nesciunt", "rerum",
                "sunt",
    };

    private PlaceholderData() {}

    static Map<String, Object> post(int id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", (id - 1) / 10 + 1);
        m.put("id", id);
        if (id == 1) {
            m.put(
                    "title",
                    "sunt aut facere repellat provident occaecati excepturi optio reprehenderit");
            m.put(
                    "body",
                    "quia et suscipit\nsuscipit recusandae consequuntur expedita et cum\n"
                            + "reprehenderit molestiae ut ut quas totam\nnostrum rerum est autem sunt rem eveniet architecto");
        } else {
            m.put("title", words(id, 6));
            m.put("body", words(id * 7, 10) + "\n" + words(id * 11, 10) + "\n" + words(id * 13, 8));
        }
        return m;
    }

    static List<Map<String, Object>> posts(@Nullable Integer userId) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int id = 1; id <= POSTS; id++) {
            Map<String, Object> p = post(id);
            if (userId == null || userId.equals(p.get("userId"))) {
                all.add(p);
            }
        }
        return all;
    }

    static Map<String, Object> user(int id) {
        String[] u = USERS_DATA[id - 1];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", u[0]);
        m.put("username", u[1]);
        m.put("email", u[2]);
        return m;
    }

    static List<Map<String, Object>> users() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int id = 1; id <= USERS; id++) {
            all.add(user(id));
        }
        return all;
    }

    static Map<String, Object> comment(int id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("postId", (id - 1) / 5 + 1);
        m.put("id", id);
        if (id == 1) {
            m.put("name", "id labore ex et quam laborum");
            m.put("email", "Eliseo@gardner.biz");
            m.put(
                    "body",
                    "laudantium enim quasi est quidem magnam voluptate ipsam eos\ntempora quo necessitatibus\n"
                            + "dolor quam autem quasi\nreiciendis et nam sapiente accusantium");
        } else {
            m.put("name", words(id * 3, 5));
            m.put("email", "commenter" + id + "@example.com");
            m.put("body", words(id * 5, 9) + "\n" + words(id * 17, 9));
        }
        return m;
    }

    static List<Map<String, Object>> comments(@Nullable Integer postId) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int id = 1; id <= COMMENTS; id++) {
            if (postId == null || postId == (id - 1) / 5 + 1) {
                all.add(comment(id));
            }
        }
        return all;
    }

    private static String words(int seed, int count) {
        StringBuilder s = new StringBuilder();
        long x = seed * 2654435761L;
        for (int i = 0; i < count; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (i > 0) {
                s.append(' ');
            }
            s.append(WORDS[(int) ((x >>> 33) % WORDS.length)]);
        }
        return s.toString();
    }
}
