//! `/staff/portal-config` (admins): every portal setting of SPEC §4 on one page. Saving sends the
//! `ETag` it loaded as `If-Match`, so two admins cannot silently overwrite each other (CFG-6).
use leptos::prelude::*;
use portico_types::practice::{
    AppointmentRequests, BrandingSettings, InvitationSettings, MessagingSettings, OnlineScheduling, PortalConfig,
    PortalPermissions, ScheduleNotice,
};
use portico_types::scheduling::{AppointmentType, Provider};
use portico_types::{ErrorCode, FieldError, Page, ProblemDetails};
use uuid::Uuid;

use crate::api::practice::Versioned;
use crate::api::{self, use_client};
use crate::components::{
    CheckboxField, Checklist, ErrorBanner, Flash, FormErrors, Loaded, Loading, PageHeader, TextField, focus,
    focus_first_invalid,
};

/// The form's state: text for numbers (so a half-typed value is not lost), flags, chosen ids.
#[derive(Clone, Copy, Default)]
struct Draft {
    min_notice: RwSignal<String>,
    max_notice: RwSignal<String>,
    require_approval: RwSignal<bool>,
    online: RwSignal<bool>,
    slug: RwSignal<String>,
    type_ids: RwSignal<Vec<Uuid>>,
    provider_ids: RwSignal<Vec<Uuid>>,
    new_patients_request: RwSignal<bool>,
    add_payment_methods: RwSignal<bool>,
    delete_payment_methods: RwSignal<bool>,
    cancel: RwSignal<bool>,
    reschedule: RwSignal<bool>,
    change_notice: RwSignal<String>,
    messages: RwSignal<bool>,
    patients_start_threads: RwSignal<bool>,
    waitlist: RwSignal<bool>,
    expiry_days: RwSignal<String>,
    cooldown: RwSignal<String>,
    display_name: RwSignal<String>,
    logo_url: RwSignal<String>,
    phone: RwSignal<String>,
    accent: RwSignal<String>,
}

impl Draft {
    /// Puts `c` into the form. After a save the same signals take the saved values, so the form
    /// stays mounted and focus stays where it was.
    fn fill(&self, c: &PortalConfig) {
        self.min_notice.set(c.schedule_notice.min_notice_hours.to_string());
        self.max_notice.set(c.schedule_notice.max_notice_hours.to_string());
        self.require_approval.set(c.appointment_requests.require_approval);
        let o = &c.online_scheduling;
        self.online.set(o.enabled);
        self.slug.set(o.slug.clone());
        self.type_ids.set(o.appointment_type_ids.clone());
        self.provider_ids.set(o.provider_ids.clone());
        self.new_patients_request.set(o.new_patient_bookings_are_requests);
        let p = &c.permissions;
        self.add_payment_methods.set(p.add_payment_methods);
        self.delete_payment_methods.set(p.delete_payment_methods);
        self.cancel.set(p.cancel_appointments);
        self.reschedule.set(p.reschedule_appointments);
        self.change_notice.set(p.change_min_notice_hours.map(|h| h.to_string()).unwrap_or_default());
        self.messages.set(c.messaging.enabled);
        self.patients_start_threads.set(c.messaging.patients_can_start_threads);
        self.waitlist.set(c.waitlist_enabled);
        self.expiry_days.set(c.invitations.expiry_days.to_string());
        self.cooldown.set(c.invitations.resend_cooldown_seconds.to_string());
        let b = &c.branding;
        self.display_name.set(b.display_name.clone());
        self.logo_url.set(b.logo_url.clone().unwrap_or_default());
        self.phone.set(b.phone.clone().unwrap_or_default());
        self.accent.set(b.accent_color.clone());
    }

    /// The config to send, or the fields that are not whole numbers.
    fn to_config(self) -> Result<PortalConfig, Vec<FieldError>> {
        let mut bad = Vec::new();
        // `None` for an empty box; a whole number, or an error for its field.
        let mut number = |field: &str, s: RwSignal<String>, unit: &str| -> Option<i64> {
            let text = s.get_untracked().trim().to_owned();
            if text.is_empty() {
                return None;
            }
            let parsed = text.parse::<i64>().ok();
            if parsed.is_none() {
                bad.push(FieldError { field: field.to_owned(), message: format!("Enter a whole number of {unit}.") });
            }
            parsed
        };
        // Empty required numbers go as 0 and get the server's own message for their field.
        let min = number("schedule_notice.min_notice_hours", self.min_notice, "hours").unwrap_or_default();
        let max = number("schedule_notice.max_notice_hours", self.max_notice, "hours").unwrap_or_default();
        let change = number("permissions.change_min_notice_hours", self.change_notice, "hours, or leave it empty");
        let expiry = number("invitations.expiry_days", self.expiry_days, "days").unwrap_or_default();
        let cooldown = number("invitations.resend_cooldown_seconds", self.cooldown, "seconds").unwrap_or_default();
        if !bad.is_empty() {
            return Err(bad);
        }
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let opt = |s: RwSignal<String>| Some(text(s)).filter(|v| !v.is_empty());
        Ok(PortalConfig {
            schedule_notice: ScheduleNotice { min_notice_hours: min, max_notice_hours: max },
            appointment_requests: AppointmentRequests { require_approval: self.require_approval.get_untracked() },
            online_scheduling: OnlineScheduling {
                enabled: self.online.get_untracked(),
                slug: text(self.slug),
                appointment_type_ids: self.type_ids.get_untracked(),
                provider_ids: self.provider_ids.get_untracked(),
                new_patient_bookings_are_requests: self.new_patients_request.get_untracked(),
            },
            permissions: PortalPermissions {
                add_payment_methods: self.add_payment_methods.get_untracked(),
                delete_payment_methods: self.delete_payment_methods.get_untracked(),
                cancel_appointments: self.cancel.get_untracked(),
                reschedule_appointments: self.reschedule.get_untracked(),
                change_min_notice_hours: change,
            },
            messaging: MessagingSettings {
                enabled: self.messages.get_untracked(),
                patients_can_start_threads: self.patients_start_threads.get_untracked(),
            },
            waitlist_enabled: self.waitlist.get_untracked(),
            invitations: InvitationSettings { expiry_days: expiry, resend_cooldown_seconds: cooldown },
            branding: BrandingSettings {
                display_name: text(self.display_name),
                logo_url: opt(self.logo_url),
                phone: opt(self.phone),
                accent_color: text(self.accent),
            },
        })
    }
}

#[component]
pub fn PortalConfigPage() -> impl IntoView {
    let client = use_client();
    let loaded = LocalResource::new(move || api::practice::portal_config(client));
    view! {
        <PageHeader
            title="Portal Configs".to_owned()
            lead="What patients can do in the portal. Changes apply as soon as you save.".to_owned()
        />
        <Loaded read=loaded let:v>
            <ConfigForm loaded=v reload=Callback::new(move |_| loaded.refetch()) />
        </Loaded>
    }
}

#[component]
fn ConfigForm(loaded: Versioned, reload: Callback<()>) -> impl IntoView {
    let client = use_client();
    let flash = expect_context::<Flash>();
    let draft = Draft::default();
    draft.fill(&loaded.config);
    let etag = RwSignal::new(loaded.etag);
    let errors = FormErrors::new("config");
    let stale = RwSignal::new(false);

    let save = Action::new_local(move |(config, etag): &(PortalConfig, String)| {
        api::practice::save_portal_config(client, config.clone(), etag.clone())
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            draft.fill(&saved.config);
            etag.set(saved.etag);
            flash.show_here("Portal settings saved.");
        }
        Some(Err(problem)) => {
            // 412: someone saved in between. Their values win until this admin reloads.
            let is_stale = problem.code == ErrorCode::PreconditionFailed;
            stale.set(is_stale);
            errors.set(problem);
            if is_stale {
                request_animation_frame(|| {
                    focus("#config-reload");
                });
            } else {
                focus_first_invalid();
            }
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match draft.to_config() {
            Ok(config) => {
                save.dispatch((config, etag.get_untracked()));
            }
            Err(fields) => {
                errors.reject_all(fields);
                focus_first_invalid();
            }
        }
    };

    let d = draft;
    view! {
        <form class="settings" novalidate on:submit=on_submit>
            <Section id="schedule-notice" title="Schedule notice" about="How soon, and how far ahead, patients may book online.">
                <div class="grid-2">
                    <TextField
                        label="Minimum notice (hours)"
                        field="schedule_notice.min_notice_hours"
                        value=d.min_notice
                        errors
                        input_type="number"
                        inputmode="numeric"
                        hint="The earliest a patient may book, in hours from now. 0 allows booking right away."
                    />
                    <TextField
                        label="Maximum notice (hours)"
                        field="schedule_notice.max_notice_hours"
                        value=d.max_notice
                        errors
                        input_type="number"
                        inputmode="numeric"
                        hint="The furthest ahead a patient may book. 0 means no limit."
                    />
                </div>
            </Section>
            <Section id="appointment-requests" title="Appointment requests" about="Whether staff approve portal bookings first.">
                <CheckboxField
                    label="Require approval on appointment requests"
                    field="appointment_requests.require_approval"
                    checked=d.require_approval
                    errors
                    hint="On: bookings arrive as requests for staff to approve. Off: they are booked directly."
                />
            </Section>
            <Section id="online-scheduling" title="Online scheduling" about="A public booking page for new and existing patients.">
                <CheckboxField label="Offer online scheduling" field="online_scheduling.enabled" checked=d.online errors />
                <TextField
                    label="Booking page address"
                    field="online_scheduling.slug"
                    value=d.slug
                    errors
                    autocomplete="off"
                    hint="Patients book at /book/your-address. Use lowercase letters, digits and hyphens."
                />
                <Offerings draft=d errors />
                <CheckboxField
                    label="New-patient bookings always become requests"
                    field="online_scheduling.new_patient_bookings_are_requests"
                    checked=d.new_patients_request
                    errors
                />
            </Section>
            <Section id="permissions" title="General permissions" about="What patients may do themselves. Turned off, the option is hidden in the portal.">
                <CheckboxField label="Patients may add payment methods" field="permissions.add_payment_methods" checked=d.add_payment_methods errors />
                <CheckboxField
                    label="Patients may delete payment methods"
                    field="permissions.delete_payment_methods"
                    checked=d.delete_payment_methods
                    errors
                />
                <CheckboxField label="Patients may cancel appointments" field="permissions.cancel_appointments" checked=d.cancel errors />
                <CheckboxField label="Patients may reschedule appointments" field="permissions.reschedule_appointments" checked=d.reschedule errors />
                <TextField
                    label="Notice to cancel or reschedule (hours)"
                    field="permissions.change_min_notice_hours"
                    value=d.change_notice
                    errors
                    input_type="number"
                    inputmode="numeric"
                    optional=true
                    hint="Leave empty to allow changes at any time."
                />
            </Section>
            <Section id="messages" title="Messages" about="Secure conversations between staff and patients.">
                <CheckboxField label="Turn on messages" field="messaging.enabled" checked=d.messages errors />
                <CheckboxField
                    label="Patients may start conversations"
                    field="messaging.patients_can_start_threads"
                    checked=d.patients_start_threads
                    errors
                    hint="Off: only staff start conversations; patients reply."
                />
            </Section>
            <Section id="waitlist" title="Waitlist" about="Patients ask to be offered an earlier slot when one opens.">
                <CheckboxField label="Turn on the waitlist" field="waitlist_enabled" checked=d.waitlist errors />
            </Section>
            <Section id="invitations" title="Invitations" about="Portal invitation links sent to patients and their contacts.">
                <div class="grid-2">
                    <TextField
                        label="Links stay valid for (days)"
                        field="invitations.expiry_days"
                        value=d.expiry_days
                        errors
                        input_type="number"
                        inputmode="numeric"
                        hint="From 1 to 90 days."
                    />
                    <TextField
                        label="Wait between resends (seconds)"
                        field="invitations.resend_cooldown_seconds"
                        value=d.cooldown
                        errors
                        input_type="number"
                        inputmode="numeric"
                        hint="From 10 to 3600 seconds."
                    />
                </div>
            </Section>
            <Section id="branding" title="Branding" about="How the portal and invitation emails present your practice.">
                <TextField label="Practice name" field="branding.display_name" value=d.display_name errors autocomplete="off" />
                <TextField
                    label="Logo address"
                    field="branding.logo_url"
                    value=d.logo_url
                    errors
                    optional=true
                    autocomplete="off"
                    hint="An https:// address, or a path on this server such as /logos/clinic.png."
                />
                <div class="grid-2">
                    <TextField label="Practice phone" field="branding.phone" value=d.phone errors input_type="tel" optional=true autocomplete="off" />
                    <div class="with-swatch">
                        <TextField label="Accent colour" field="branding.accent_color" value=d.accent errors autocomplete="off" hint="A hex colour such as #1f6f8b." />
                        <span class="swatch" aria-hidden="true" style:background=move || safe_colour(&d.accent.get())></span>
                    </div>
                </div>
            </Section>
            <div class="save-bar">
                <ErrorBanner errors />
                <div class="form-actions">
                    <Show when=move || stale.get()>
                        <button type="button" id="config-reload" class="button button-secondary" on:click=move |_| reload.run(())>
                            "Reload settings"
                        </button>
                    </Show>
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get() || stale.get()>
                        {move || if save.pending().get() { "Saving…" } else { "Save changes" }}
                    </button>
                </div>
            </div>
        </form>
    }
}

/// One group of settings: what it is about on the left (desktop), its fields on the right.
#[component]
fn Section(id: &'static str, title: &'static str, about: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="settings-section" aria-labelledby=format!("{id}-heading")>
            <div class="settings-about">
                <h2 id=format!("{id}-heading")>{title}</h2>
                <p>{about}</p>
            </div>
            <div class="settings-fields">{children()}</div>
        </section>
    }
}

/// The appointment types and providers offered online, as checklists loaded from the API.
#[component]
fn Offerings(draft: Draft, errors: FormErrors) -> impl IntoView {
    let client = use_client();
    let types = LocalResource::new(move || api::practice::appointment_types(client));
    let providers = LocalResource::new(move || api::practice::providers(client));
    let type_items = |page: Page<AppointmentType>| {
        page.items
            .into_iter()
            .map(|t| (t.id, t.name, detail(format!("{} min", t.duration_minutes), t.active)))
            .collect()
    };
    let provider_items = |page: Page<Provider>| {
        page.items.into_iter().map(|p| (p.id, p.name, detail(p.credentials.unwrap_or_default(), p.active))).collect()
    };
    view! {
        {move || {
            checklist(types.get(), "Appointment types offered online", "online_scheduling.appointment_type_ids", type_items, draft.type_ids, errors)
        }}
        {move || checklist(providers.get(), "Providers offered online", "online_scheduling.provider_ids", provider_items, draft.provider_ids, errors)}
    }
}

/// "30 min", "PT, DPT", with " · inactive" for what the practice no longer offers.
fn detail(about: String, active: bool) -> String {
    match (about.is_empty(), active) {
        (_, true) => about,
        (true, false) => "inactive".to_owned(),
        (false, false) => format!("{about} · inactive"),
    }
}

/// A checklist once its options have loaded (or why they did not).
fn checklist<T>(
    loaded: Option<Result<Page<T>, ProblemDetails>>,
    legend: &'static str,
    field: &'static str,
    items: impl Fn(Page<T>) -> Vec<(Uuid, String, String)>,
    selected: RwSignal<Vec<Uuid>>,
    errors: FormErrors,
) -> AnyView {
    match loaded {
        None => view! { <Loading /> }.into_any(),
        Some(Err(problem)) => view! { <p class="field-error">{format!("{legend}: {}", problem.detail)}</p> }.into_any(),
        Some(Ok(page)) => view! { <Checklist legend field items=items(page) selected errors /> }.into_any(),
    }
}

/// The swatch previews only a well-formed colour; anything else shows as transparent.
fn safe_colour(c: &str) -> String {
    let c = c.trim();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok { c.to_owned() } else { "transparent".to_owned() }
}
