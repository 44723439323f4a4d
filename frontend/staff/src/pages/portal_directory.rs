//! `/staff/portal-directory`: every portal account of the practice and every invitation not
//! accepted yet (seed 2, SPEC §7), with status, last sign-in and the patients each can see.
//! Invite, resend and revoke from here, through the same flow as the facesheet; end one person's
//! access to one patient, or lock and unlock an account. The filters live in the URL
//! (`?q=maria&status=invited`).
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use portico_types::invitations::{DirectoryEntry, DirectoryStatus, GrantRole, Invitation, InvitationOrigin};
use portico_types::patients::{Contact, PatientSummary, Relationship};
use portico_types::{Page, ProblemDetails};

use crate::api::{self, use_client};
use crate::components::{Dialog, Flash, Loaded, PageHeader, Paged, ShowMore, focus};
use crate::format;
use crate::links;
use crate::session::use_session;
use crate::widgets::invite_flow::{
    AccessChange, ChangeButton, ConfirmSend, InviteDialogs, InviteFlow, Invitee, Kind, Outgoing, PortalStatus, Revoke,
    SendButton, Who, cooldown_end,
};
use crate::widgets::patient_picker::{PatientPicker, patient_line, patient_name};

#[derive(Clone, Default, PartialEq)]
struct Filters {
    q: String,
    status: Option<DirectoryStatus>,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.q.is_empty() && self.status.is_none()
    }

    fn to_url(&self) -> String {
        let mut query = Vec::new();
        if !self.q.is_empty() {
            query.push(format!("q={}", js_sys::encode_uri_component(&self.q)));
        }
        if let Some(s) = self.status {
            query.push(format!("status={}", s.as_str()));
        }
        links::with_query("/staff/portal-directory", &query)
    }
}

#[component]
pub fn PortalDirectory() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let flash = expect_context::<Flash>();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        query.with(|q| Filters {
            q: q.get("q").unwrap_or_default().trim().to_owned(),
            status: q.get("status").as_deref().and_then(DirectoryStatus::parse),
        })
    });
    let entries = Paged::new(move |cursor| {
        let f = filters.get();
        api::invitations::directory(client, f.q, f.status.map(|s| s.as_str().to_owned()), cursor)
    });
    let invite_open = RwSignal::new(false);
    let flow = InviteFlow::new(move |message| {
        invite_open.set(false);
        entries.first.refetch();
        flash.show_here(message);
        // The row whose button opened the dialog is rebuilt; start again from the top.
        request_animation_frame(|| {
            focus("main h1");
        });
    });

    let typed = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = filters.get();
        typed.set(f.q);
        status.set(f.status.map(|s| s.as_str().to_owned()).unwrap_or_default());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = Filters {
            q: typed.get_untracked().trim().to_owned(),
            status: DirectoryStatus::parse(&status.get_untracked()),
        };
        navigate(&next.to_url(), Default::default());
    };

    view! {
        <PageHeader
            title="Portal Directory".to_owned()
            lead="Everyone with a portal account at your practice, and every invitation not accepted yet.".to_owned()
        >
            <Show when=move || session.can_invite()>
                <button type="button" class="button button-primary" on:click=move |_| invite_open.set(true)>
                    "Invite someone"
                </button>
            </Show>
        </PageHeader>
        <form class="filters card" role="search" novalidate on:submit=on_submit>
            <div class="grid-2">
                <div class="field">
                    <label for="directory-q">"Name or email"</label>
                    <input id="directory-q" type="search" name="q" autocomplete="off" bind:value=typed />
                </div>
                <div class="field">
                    <label for="directory-status">"Status"</label>
                    <select
                        id="directory-status"
                        name="status"
                        prop:value=move || status.get()
                        on:change=move |ev| status.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || status.with(String::is_empty)>
                            "All"
                        </option>
                        {DirectoryStatus::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.as_str() selected=move || status.with(|v| v == s.as_str())>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">
                    "Search"
                </button>
                <Show when=move || !filters.with(Filters::is_empty)>
                    <a class="button button-secondary" href="/staff/portal-directory">
                        "Clear"
                    </a>
                </Show>
            </div>
        </form>
        <Loaded read=entries.first let:page>
            {if page.items.is_empty() {
                view! { <Empty filtered=!filters.with_untracked(Filters::is_empty) /> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table directory">
                            <thead>
                                <tr>
                                    <th scope="col">"Person"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Can see"</th>
                                    <th scope="col">
                                        <span class="visually-hidden">"Actions"</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.items.into_iter().map(|e| view! { <EntryRow e flow /> }).collect_view()}
                                {move || entries.more.get().into_iter().map(|e| view! { <EntryRow e flow /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <ShowMore paged=entries label="Load more" />
                }
                    .into_any()
            }}
        </Loaded>
        <InviteDialogs flow />
        <Dialog open=invite_open id="invite-someone-dialog" title="Invite someone to the portal".to_owned()>
            <InviteSomeone flow on_cancel=move || invite_open.set(false) />
        </Dialog>
    }
}

#[component]
fn Empty(filtered: bool) -> impl IntoView {
    if filtered {
        view! {
            <p class="empty" role="status">
                "No one matches these filters. "
                <a href="/staff/portal-directory">"Show everyone"</a>
            </p>
        }
        .into_any()
    } else {
        view! {
            <div class="empty prose" role="status">
                <p>
                    "The Portal Directory lists every portal account at your practice — patients, guardians and \
                     guarantors — and every invitation that has not been accepted yet, with its status, the last \
                     sign-in and the patients each person can see."
                </p>
                <p>"Nobody has been invited yet. Use “Invite someone”, or the invite buttons on a patient's facesheet."</p>
            </div>
        }
        .into_any()
    }
}

fn status_tag(s: DirectoryStatus) -> &'static str {
    match s {
        DirectoryStatus::Registered => "tag tag-ok",
        DirectoryStatus::Invited => "tag tag-warn",
        DirectoryStatus::Locked => "tag tag-danger",
        DirectoryStatus::Expired | DirectoryStatus::Revoked => "tag",
    }
}

/// The line under the status: since when.
fn status_since(e: &DirectoryEntry) -> String {
    let since = format::instant(e.since);
    match e.status {
        DirectoryStatus::Invited => format!("Link sent {since}"),
        DirectoryStatus::Expired | DirectoryStatus::Revoked => format!("Last sent {since}"),
        DirectoryStatus::Registered => format!("Registered {since}"),
        DirectoryStatus::Locked => {
            "Can't sign in until unlocked (after failed sign-ins, a password reset also unlocks it).".to_owned()
        }
    }
}

/// The resend confirmation for a directory row with an open invitation.
fn resend_of(e: &DirectoryEntry) -> Option<Outgoing> {
    let id = e.invitation_id?;
    Some(Outgoing {
        kind: Kind::Resend(id),
        patient_id: e.patients.first().map(|p| p.patient_id).unwrap_or_default(),
        name: e.name.clone(),
        email: e.email.clone(),
        phone: e.phone.clone(),
        who: Who::Invitation(id),
        not_before: e.can_resend_at,
    })
}

#[component]
fn EntryRow(e: DirectoryEntry, flow: InviteFlow) -> impl IntoView {
    let session = use_session();
    let context = format!(" the invitation for {}", e.name);
    let resend =
        matches!(e.status, DirectoryStatus::Invited | DirectoryStatus::Expired).then(|| resend_of(&e)).flatten();
    let revoke = (e.status == DirectoryStatus::Invited)
        .then_some(e.invitation_id)
        .flatten()
        .map(|id| Revoke { id, name: e.name.clone() });
    let since = status_since(&e);
    let last_sign_in = e.last_sign_in_at.map_or_else(|| "Never".to_owned(), format::instant);
    let reach: Vec<String> =
        e.email.clone().into_iter().chain(e.phone.as_deref().map(format::phone)).collect::<Vec<_>>();
    let account = matches!(e.status, DirectoryStatus::Registered | DirectoryStatus::Locked).then_some(e.id);
    let lock = account.map(|account| {
        let name = e.name.clone();
        if e.status == DirectoryStatus::Locked {
            (AccessChange::Unlock { account, name }, "Unlock")
        } else {
            (AccessChange::Lock { account, name }, "Lock")
        }
    });
    let can_act = session.can_invite();
    let person = e.name.clone();
    let has_actions = resend.is_some() || revoke.is_some() || lock.is_some();
    view! {
        <tr>
            <td>
                <span class="cell-title">{e.name.clone()}</span>
                {reach.into_iter().map(|r| view! { <span class="cell-sub">{r}</span> }).collect_view()}
            </td>
            <td>
                <span class=status_tag(e.status)>{e.status.label()}</span>
                <span class="cell-sub">{since}</span>
                <span class="cell-sub">{format!("Last sign-in: {last_sign_in}")}</span>
            </td>
            <td>
                <span class="cell-label" aria-hidden="true">
                    "Can see: "
                </span>
                <ul class="inline-list">
                    {e
                        .patients
                        .into_iter()
                        .map(|p| {
                            let end = p
                                .grant_id
                                .filter(|_| can_act)
                                .map(|grant| AccessChange::EndGrant {
                                    grant,
                                    name: person.clone(),
                                    patient: p.name.clone(),
                                });
                            let context = format!(" for {} to {}", person, p.name);
                            view! {
                                <li>
                                    <a href=links::patient(p.patient_id)>{p.name}</a>
                                    <span class="tag">{p.role.label()}</span>
                                    {end
                                        .map(|change| {
                                            view! {
                                                <ChangeButton
                                                    flow
                                                    change
                                                    label="End access"
                                                    context=context.clone()
                                                    class="button button-small button-danger-quiet"
                                                />
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </td>
            <td class="actions-cell">
                {(has_actions && can_act)
                    .then(|| {
                        view! {
                            <div class="row-actions">
                                {resend
                                    .map(|send| {
                                        view! {
                                            <SendButton
                                                flow
                                                send
                                                label="Resend"
                                                context=context.clone()
                                                class="button button-small button-secondary"
                                            />
                                        }
                                    })}
                                {lock
                                    .map(|(change, label)| {
                                        let context = format!(" the portal account of {}", change.name());
                                        view! { <ChangeButton flow change label context /> }
                                    })}
                                {revoke
                                    .map(|revoke| {
                                        let context = context.clone();
                                        view! {
                                            <button
                                                type="button"
                                                class="button button-small button-danger-quiet"
                                                on:click=move |_| flow.ask_revoke(revoke.clone())
                                            >
                                                "Revoke"
                                                <span class="visually-hidden">{context}</span>
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })}
            </td>
        </tr>
    }
}

/// What the patient's people look like to "Invite someone": the patient, their guardians and
/// guarantors (others cannot be invited, INV-1), each with where they stand.
fn invitees(p: &PatientSummary, contacts: &[Contact]) -> Vec<Invitee> {
    let mut out = vec![Invitee {
        patient_id: p.id,
        role: GrantRole::Patient,
        contact_id: None,
        name: format::full_name(&p.first_name, &p.last_name, None),
        email: p.email.clone(),
        phone: p.phone.clone(),
    }];
    out.extend(contacts.iter().filter_map(|c| {
        let role = match c.relationship {
            Relationship::Guardian => GrantRole::Guardian,
            Relationship::Guarantor => GrantRole::Guarantor,
            Relationship::Emergency | Relationship::Other => return None,
        };
        Some(Invitee {
            patient_id: p.id,
            role,
            contact_id: Some(c.id),
            name: format::full_name(&c.first_name, &c.last_name, None),
            email: c.email.clone(),
            phone: c.phone.clone(),
        })
    }));
    out
}

/// "Invite someone": find the patient, choose the person (the patient or a guardian/guarantor
/// contact), then confirm, in one dialog.
#[component]
fn InviteSomeone(flow: InviteFlow, on_cancel: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let patient = RwSignal::new(None::<PatientSummary>);
    let chosen = RwSignal::new(None::<Outgoing>);
    // Each step starts on its first control.
    let step_focus = || {
        request_animation_frame(|| {
            focus("#invite-someone-dialog input:not([disabled]), #invite-someone-dialog button");
        });
    };
    let pick = Callback::new(move |p: PatientSummary| {
        patient.set(Some(p));
        step_focus();
    });
    view! {
        {move || match (patient.get(), chosen.get()) {
            (None, _) => view! {
                <PatientPicker id="invite-pick" label="Find the patient" action="Choose" on_pick=pick />
                <div class="form-actions">
                    <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                        "Cancel"
                    </button>
                </div>
            }
                .into_any(),
            (Some(p), None) => view! {
                <ChoosePerson
                    p
                    on_choose=Callback::new(move |send: Outgoing| {
                        chosen.set(Some(send));
                        step_focus();
                    })
                    on_back=move || {
                        patient.set(None);
                        step_focus();
                    }
                />
            }
                .into_any(),
            (Some(_), Some(send)) => view! {
                <ConfirmSend
                    flow
                    send
                    cancel_label="Back"
                    on_cancel=move || {
                        chosen.set(None);
                        step_focus();
                    }
                />
            }
                .into_any(),
        }}
    }
}

#[component]
fn ChoosePerson(p: PatientSummary, on_choose: Callback<Outgoing>, on_back: impl Fn() + 'static) -> impl IntoView {
    let client = use_client();
    let pid = p.id;
    let people = LocalResource::new(move || async move {
        let contacts = api::patients::contacts(client, pid).await?;
        let invitations = api::invitations::list(client, pid).await?;
        Ok::<(Page<Contact>, Page<Invitation>), ProblemDetails>((contacts, invitations))
    });
    let choice = RwSignal::new(None::<usize>);
    let error = RwSignal::new(None::<&'static str>);
    let summary = p.clone();
    let p = StoredValue::new(p);
    view! {
        <div class="picked">
            <p>
                <span class="cell-title">{patient_name(&summary)}</span>
                <span class="cell-sub">{patient_line(&summary)}</span>
            </p>
            <button type="button" class="button button-small button-secondary" on:click=move |_| on_back()>
                "Choose another patient"
            </button>
        </div>
        <Loaded read=people let:loaded>
            {
                let (contacts, invitations) = loaded;
                let people = invitees(&p.get_value(), &contacts.items);
                let others = contacts.items.len() + 1 > people.len();
                let list = StoredValue::new((people.clone(), invitations.items.clone()));
                let on_continue = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let Some(i) = choice.get_untracked() else {
                        error.set(Some("Choose who should get the invitation."));
                        return;
                    };
                    let (people, invitations) = list.get_value();
                    if let Some(person) = people.get(i) {
                        let not_before = cooldown_end(&invitations, person.who());
                        on_choose.run(Outgoing::invite(person, InvitationOrigin::Facesheet, not_before));
                    }
                };
                view! {
                    <form class="stack" novalidate on:submit=on_continue>
                        <fieldset class="choices" class:has-error=move || error.get().is_some()>
                            <legend>"Who should get the invitation?"</legend>
                            {move || {
                                error
                                    .get()
                                    .map(|m| {
                                        view! {
                                            <p class="field-error" id="invite-who-error">
                                                {m}
                                            </p>
                                        }
                                    })
                            }}
                            {people
                                .into_iter()
                                .enumerate()
                                .map(|(i, person)| {
                                    let status = PortalStatus::of(&invitations.items, person.who());
                                    let registered = status == PortalStatus::Registered;
                                    // Invitations from here go by email (INV-2): say when there is none.
                                    let reach = [
                                            Some(person.email.clone().unwrap_or_else(|| "No email on file".to_owned())),
                                            person.phone.as_deref().map(format::phone),
                                        ]
                                        .into_iter()
                                        .flatten()
                                        .collect::<Vec<_>>()
                                        .join(" · ");
                                    let who = if person.contact_id.is_none() { "the patient".to_owned() } else { person.role.label().to_lowercase() };
                                    let id = format!("invite-who-{i}");
                                    view! {
                                        <div class="check">
                                            <input
                                                type="radio"
                                                name="invite-who"
                                                id=id.clone()
                                                disabled=registered
                                                aria-describedby=move || error.get().map(|_| "invite-who-error")
                                                on:change=move |_| {
                                                    choice.set(Some(i));
                                                    error.set(None);
                                                }
                                            />
                                            <div class="check-text">
                                                <label for=id>
                                                    {format!("{} ({who})", person.name)}
                                                </label>
                                                <p class="hint">
                                                    {reach} " · "
                                                    <span class=status.tag()>{status.label()}</span>
                                                </p>
                                            </div>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        {others
                            .then(|| {
                                view! { <p class="hint">"Emergency and other contacts can't be invited: only guardians and guarantors."</p> }
                            })}
                        <div class="form-actions">
                            <button type="submit" class="button button-primary">
                                "Continue"
                            </button>
                        </div>
                    </form>
                }
            }
        </Loaded>
    }
}
