// What the demo tickets are about and what agents write on their timesheets, per team.
import type { TeamKey } from './directory.ts';

export interface TicketTemplate {
  subject: string;
  description: string;
  /** Steps an agent writes on a timesheet for this kind of ticket. */
  steps: string[];
}

const t = (subject: string, description: string, ...steps: string[]): TicketTemplate => ({ subject, description, steps });

export const TEMPLATES: Record<TeamKey, TicketTemplate[]> = {
  desk: [
    t('Outlook keeps asking for the password', 'Since this morning Outlook prompts for credentials every few minutes.', 'Cleared cached credentials in Credential Manager', 'Re-created the Outlook profile', 'Checked modern authentication settings'),
    t('New starter: laptop and accounts', 'New colleague starts Monday; needs a laptop, mailbox and VPN access.', 'Created the user account and mailbox', 'Prepared and enrolled the laptop', 'Walked the new starter through MFA setup'),
    t('Printer on 2nd floor prints blank pages', 'The shared printer spits out empty pages since the toner change.', 'Reinstalled the printer driver on the print server', 'Ran the printer self-test with the customer', 'Replaced the toner cartridge, test print OK'),
    t('VPN disconnects every hour', 'Remote staff lose the VPN connection roughly every 60 minutes.', 'Collected VPN client logs', 'Adjusted the rekey interval on the firewall', 'Monitored the tunnel with the user'),
    t('Shared mailbox not visible in Outlook', 'The sales@ mailbox disappeared from the folder pane.', 'Re-granted full access on the shared mailbox', 'Waited for auto-mapping and verified'),
    t('Teams calls drop after a few minutes', 'Calls with external parties drop after 3 to 5 minutes.', 'Checked the call quality dashboard', 'Updated the Teams client', 'Tested calls from the office network'),
    t('Laptop very slow after update', 'The laptop takes 10 minutes to boot since the last Windows update.', 'Remote session: checked startup programs and disk usage', 'Removed bloatware and ran disk cleanup', 'Installed pending firmware updates'),
    t('Password reset and MFA re-enrolment', 'User got a new phone and cannot sign in any more.', 'Verified identity by phone', 'Reset MFA methods and password', 'Confirmed sign-in with the user'),
    t('Cannot open attachments from the scanner', 'PDFs sent by the multifunction scanner do not open.', 'Checked the scan-to-mail settings', 'Changed the PDF compression profile'),
    t('Phishing email clicked by a user', 'A user entered credentials on a suspicious page.', 'Blocked the sign-in sessions and reset the password', 'Searched mailboxes for the same message and purged it', 'Reviewed sign-in logs for the account'),
    t('Second monitor not detected', 'Docking station no longer shows the second screen.', 'Updated the dock firmware', 'Swapped the DisplayPort cable, working'),
    t('OneDrive sync stuck', 'OneDrive shows "processing changes" for days.', 'Reset the OneDrive client', 'Resolved file name conflicts in the sync folder'),
    t('Leaver: disable accounts and collect hardware', 'Employee leaves on Friday; please disable access and archive mail.', 'Disabled the account and converted the mailbox to shared', 'Collected and wiped the laptop'),
    t('Wi-Fi drops in the meeting room', 'Guests complain about unstable Wi-Fi in the big meeting room.', 'Ran a Wi-Fi survey of the meeting room', 'Moved the access point channel'),
  ],
  infra: [
    t('Backup job failed on file server', 'Nightly backup reported errors for the last two nights.', 'Analysed the backup job logs', 'Freed space on the backup repository', 'Ran a manual backup and verified restore'),
    t('Firewall firmware upgrade', 'Planned upgrade of the perimeter firewall to the current release.', 'Reviewed release notes and prepared the rollback plan', 'Upgraded the firewall in the maintenance window', 'Post-upgrade checks of VPN and NAT rules'),
    t('Migrate file shares to SharePoint', 'Move the departmental shares to SharePoint Online.', 'Inventory of shares and permissions', 'Ran the migration batch', 'Fixed permission mapping for migrated libraries'),
    t('Server disk almost full', 'Monitoring warns the SQL server data disk is at 92%.', 'Extended the virtual disk', 'Moved old transaction log backups'),
    t('Replace core switch', 'Core switch has intermittent port errors; replace under warranty.', 'Prepared the switch configuration', 'Swapped the core switch on site', 'Verified VLANs and uplinks'),
    t('SSL certificate expiring', 'The certificate of the customer portal expires in 10 days.', 'Generated the CSR and ordered the certificate', 'Installed the certificate and updated the bindings'),
    t('Set up site-to-site VPN to new warehouse', 'The new warehouse needs access to the ERP.', 'Designed the tunnel and addressing', 'Configured both firewalls', 'Tested ERP access from the warehouse'),
    t('Hypervisor host unresponsive', 'One host in the cluster shows as not responding.', 'Checked host hardware logs', 'Migrated VMs and rebooted the host', 'Applied the vendor hotfix'),
    t('Monthly patching of servers', 'Patch Tuesday: approve and install updates on all servers.', 'Approved updates in WSUS', 'Patched and rebooted servers in the window', 'Checked services after reboot'),
    t('Restore deleted project folder', 'A project folder was deleted yesterday afternoon.', 'Located the folder in the snapshot', 'Restored the folder and checked permissions'),
    t('Microsoft 365 tenant security review', 'Quarterly review of conditional access and admin roles.', 'Reviewed conditional access policies', 'Cleaned up stale admin role assignments', 'Wrote the review summary for the customer'),
    t('UPS battery replacement', 'The server room UPS reports a battery fault.', 'Ordered replacement batteries', 'Replaced the batteries and ran a self-test'),
  ],
  apps: [
    t('Deskbill Connector: sync error with ERP', 'Orders from the webshop no longer arrive in the ERP.', 'Reproduced the sync error on staging', 'Fixed the field mapping for the new VAT code', 'Re-ran the failed sync batch'),
    t('Report "Monthly revenue" shows wrong totals', 'Totals differ from the accounting export for October.', 'Compared the report query with the export', 'Corrected the date filter of the report'),
    t('Request: extra field on the intake form', 'Add a "reference number" field to the intake form.', 'Added the field and validation', 'Deployed to production after customer test'),
    t('Upgrade to the new release', 'Plan the upgrade of the line-of-business app to the new version.', 'Upgraded the test environment', 'Ran the regression checklist', 'Upgraded production'),
    t('User cannot log in to the portal', 'Login fails with "account locked" for one user.', 'Unlocked the account and checked the lockout policy'),
    t('Slow search in the document archive', 'Searching the archive takes over 30 seconds.', 'Analysed slow queries', 'Rebuilt the search index'),
    t('Import of price list fails', 'The quarterly price list import stops at line 1,204.', 'Found the malformed row in the import file', 'Added a clearer error message for bad rows'),
    t('API rate limit reached', 'Integration partner gets HTTP 429 during the night run.', 'Reviewed the API usage of the integration', 'Agreed a batch schedule with the partner'),
  ],
};

/** Time that helps the customer but is not billed (R12 `billable: false`). */
export const NON_BILLABLE_STEPS = [
  'Internal handover to second line',
  'Knowledge base article for this issue',
  'Waited for vendor support, follow-up call',
  'Goodwill: second look after the fix',
  'Training a colleague on this procedure',
  'Rework after our own configuration mistake',
];

/** Time on tickets with no customer: internal work, never billable. */
export const INTERNAL_TEMPLATES: TicketTemplate[] = [
  t('Internal: renew our own domain certificates', 'Renew the wildcard certificate of northwind.test.', 'Renewed and deployed the certificate'),
  t('Internal: test new RMM agent version', 'Pilot the new agent on the lab machines.', 'Installed the agent on the lab', 'Compared alerts with the old version'),
  t('Internal: clean up the ticket backlog', 'Close duplicates and stale tickets.', 'Reviewed and merged duplicate tickets'),
];

/** On-site work, billed by the day. */
export const ONSITE_STEPS = ['On-site visit: hardware replacement and checks', 'On-site: network cabling and patch panel', 'On-site workshop with the office manager', 'On-site: server room tidy-up and labelling'];

/** The common steps of any ticket. */
export const GENERIC_STEPS = ['Triage and first contact with the user', 'Phone call with the customer', 'Remote session with the user', 'Documentation and closing notes', 'Follow-up email with instructions', 'Checked the result with the user'];
