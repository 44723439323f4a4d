//! `/staff/deliveries` (admins): every email and text message the practice's outbox sent or is
//! still trying to send (NOT-1), newest first, filtered by status and channel. Message bodies are
//! not listed; "View" opens one message as the development/demo mailbox filed it, with the links
//! to this site it holds (an invitation, a code), which exist only while messages are written
//! to files. The filters live in the URL (`?status=failed&channel=sms`).
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use portico_types::ProblemDetails;
use portico_types::deliveries::{Delivery, FiledMessage};

use crate::api::{self, use_client};
use crate::components::{Dialog, ErrorBanner, FormErrors, Loaded, Loading, PageHeader, Paged, SelectField, ShowMore};
use crate::format;
use crate::links;
use crate::links::same_origin_links;

const STATUSES: [(&str, &str); 4] =
    [("pending", "Waiting to send"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed")];
const CHANNELS: [(&str, &str); 2] = [("email", "Email"), ("sms", "Text message")];

#[derive(Clone, Default, PartialEq)]
struct Filters {
    status: Option<String>,
    channel: Option<String>,
}

impl Filters {
    fn to_api(&self, cursor: Option<String>) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        q.extend(self.status.clone().map(|s| ("status", s)));
        q.extend(self.channel.clone().map(|c| ("channel", c)));
        q.extend(cursor.map(|c| ("cursor", c)));
        q
    }

    fn to_url(&self) -> String {
        let pairs = [("status", &self.status), ("channel", &self.channel)];
        let query: Vec<String> =
            pairs.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}"))).collect();
        links::with_query("/staff/deliveries", &query)
    }
}

/// Only values the API knows; anything else in the address is ignored.
fn known(value: Option<String>, allowed: &[(&str, &str)]) -> Option<String> {
    value.filter(|v| allowed.iter().any(|(a, _)| a == v))
}

fn label(value: &str, list: &[(&str, &'static str)]) -> String {
    list.iter().find(|(v, _)| *v == value).map_or_else(|| format::humanize(value), |(_, l)| (*l).to_owned())
}

#[component]
pub fn Deliveries() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        query.with(|q| Filters {
            status: known(q.get("status"), &STATUSES),
            channel: known(q.get("channel"), &CHANNELS),
        })
    });
    let deliveries = Paged::new(move |cursor| api::staff::deliveries(client, filters.get().to_api(cursor)));
    let viewing = RwSignal::new(None::<Delivery>);
    let view_open = RwSignal::new(false);
    let on_view = Callback::new(move |d: Delivery| {
        viewing.set(Some(d));
        view_open.set(true);
    });
    let view_title = Signal::derive(move || {
        viewing.with(|d| match d {
            Some(d) if d.channel == "sms" => format!("Text message to {}", format::phone(&d.recipient)),
            Some(d) => format!("Email to {}", d.recipient),
            None => String::new(),
        })
    });

    let status = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = filters.get();
        status.set(f.status.unwrap_or_default());
        channel.set(f.channel.unwrap_or_default());
    });
    let errors = FormErrors::new("deliveries");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = Filters {
            status: known(Some(status.get_untracked()), &STATUSES),
            channel: known(Some(channel.get_untracked()), &CHANNELS),
        };
        navigate(&next.to_url(), Default::default());
    };
    let options = |any: &str, list: &[(&str, &str)]| {
        let mut o = vec![(String::new(), any.to_owned())];
        o.extend(list.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())));
        o
    };

    view! {
        <PageHeader
            title="Delivery log".to_owned()
            lead="Every email and text message Portico sent for your practice, newest first. “View” shows a copy of the message only in development and the demo, where messages are written to files.".to_owned()
        />
        <form class="filters card" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <div class="grid-2">
                <SelectField label="Status" field="status" value=status errors options=options("Any status", &STATUSES) />
                <SelectField label="Channel" field="channel" value=channel errors options=options("Email and text", &CHANNELS) />
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">
                    "Apply filters"
                </button>
                <a class="button button-secondary" href="/staff/deliveries">
                    "Clear"
                </a>
            </div>
        </form>
        <Loaded read=deliveries.first let:page>
            {if page.items.is_empty() {
                view! { <p class="empty">"No messages match these filters."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table deliveries">
                            <thead>
                                <tr>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Message"</th>
                                    <th scope="col">"Recipient"</th>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"Attempts"</th>
                                    <th scope="col">"Last error"</th>
                                    <th scope="col">
                                        <span class="visually-hidden">"Message"</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.items.into_iter().map(|d| view! { <DeliveryRow d on_view /> }).collect_view()}
                                {move || {
                                    deliveries
                                        .more
                                        .get()
                                        .into_iter()
                                        .map(|d| view! { <DeliveryRow d on_view /> })
                                        .collect_view()
                                }}
                            </tbody>
                        </table>
                    </div>
                    <ShowMore paged=deliveries label="Load more" />
                }
                    .into_any()
            }}
        </Loaded>
        <Dialog open=view_open id="message-dialog" title=view_title>
            {viewing
                .get_untracked()
                .map(|d| view! { <FiledView d on_close=move || view_open.set(false) /> })}
        </Dialog>
    }
}

/// Why there is no copy of a message to show.
fn not_kept(d: &Delivery) -> &'static str {
    if matches!(d.status.as_str(), "pending" | "sending") {
        "This message has not been delivered yet, so there is no copy to show. Try again in a moment."
    } else {
        "This message was not kept: Portico keeps a copy only while messages are written to files (development \
         and demo), never when they go out through a mail server or SMS provider."
    }
}

/// One filed message: subject, to, from, and the plain-text body, with its links to this site.
#[component]
fn FiledView(d: Delivery, on_close: impl Fn() + 'static) -> impl IntoView {
    let client = use_client();
    let id = d.id;
    let message = LocalResource::new(move || api::staff::filed_message(client, id));
    let origin = leptos::prelude::location().origin().unwrap_or_default();
    let d = StoredValue::new(d);
    view! {
        {move || match message.get() {
            None => view! { <Loading label="Opening the message…" /> }.into_any(),
            Some(Err(p)) => view! { <p class="banner banner-info">{failure(&p, &d.get_value())}</p> }.into_any(),
            Some(Ok(m)) => view! { <Message m origin=origin.clone() /> }.into_any(),
        }}
        <div class="form-actions">
            <button type="button" class="button button-secondary" on:click=move |_| on_close()>
                "Close"
            </button>
        </div>
    }
}

fn failure(p: &ProblemDetails, d: &Delivery) -> String {
    if p.status == 404 { not_kept(d).to_owned() } else { p.detail.clone() }
}

#[component]
fn Message(m: FiledMessage, origin: String) -> impl IntoView {
    let links = same_origin_links(&m.body, &origin);
    view! {
        <dl class="message-meta">
            {m
                .subject
                .map(|s| {
                    view! {
                        <dt>"Subject"</dt>
                        <dd>{s}</dd>
                    }
                })}
            <dt>"To"</dt>
            <dd class="break">{m.to}</dd>
            <dt>"From"</dt>
            <dd class="break">{m.from}</dd>
        </dl>
        <pre class="message-body" tabindex="0">{m.body}</pre>
        {(!links.is_empty())
            .then(|| {
                view! {
                    <ul class="message-links">
                        {links
                            .into_iter()
                            .map(|url| {
                                view! {
                                    <li>
                                        <a class="button button-small button-secondary" href=url.clone() target="_blank" rel="noopener">
                                            "Open link"
                                            <span class="visually-hidden">" (opens in a new tab)"</span>
                                        </a>
                                        <code class="break">{url}</code>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}

#[component]
fn DeliveryRow(d: Delivery, on_view: Callback<Delivery>) -> impl IntoView {
    let tag = match d.status.as_str() {
        "sent" => "tag tag-ok",
        "failed" => "tag tag-danger",
        "pending" | "sending" => "tag tag-warn",
        _ => "tag",
    };
    let row = d.clone();
    let to = if d.channel == "sms" { format::phone(&d.recipient) } else { d.recipient.clone() };
    let when = match (d.sent_at, d.next_attempt_at) {
        (Some(sent), _) => format!("Sent {}", format::instant(sent)),
        (None, Some(next)) if d.status == "pending" => format!("Next try {}", format::instant(next)),
        _ => "Not sent".to_owned(),
    };
    view! {
        <tr>
            <td>
                <span class=tag>{label(&d.status, &STATUSES)}</span>
            </td>
            <td>
                <span class="cell-title">{format::humanize(&d.kind)}</span>
                <span class="cell-sub">{label(&d.channel, &CHANNELS)}</span>
            </td>
            <td class="break">{to.clone()}</td>
            <td>
                <span class="nowrap">{format!("Created {}", format::instant(d.created_at))}</span>
                <span class="cell-sub">{when}</span>
            </td>
            <td>
                <span class="cell-label" aria-hidden="true">
                    "Attempts: "
                </span>
                {d.attempts}
            </td>
            <td class="break">
                {match d.last_error {
                    Some(e) => view! { <span class="error-text">{e}</span> }.into_any(),
                    None => view! { <span class="muted">"No errors"</span> }.into_any(),
                }}
            </td>
            <td>
                <button type="button" class="button button-small button-secondary" on:click=move |_| on_view.run(row.clone())>
                    "View" <span class="visually-hidden">{format!(" the message to {to}")}</span>
                </button>
            </td>
        </tr>
    }
}
