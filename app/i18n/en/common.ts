import type { common as vi } from "../vi/common";

export const common: typeof vi = {
  appName: "Tin Báo",
  tagline: "Citizens' crime tip portal",
  skipToContent: "Skip to main content",
  emergency: {
    title: "In danger right now?",
    body: "If it is happening now, call 113.",
    call: "Call 113",
  },
  nav: {
    home: "Home",
    report: "Report a tip",
    followUp: "Follow up on a tip",
    staff: "Staff sign-in",
  },
  language: {
    label: "Language",
    switchTo: "Tiếng Việt",
    switchToLang: "vi",
  },
  home: {
    title: "Tell the police what you know, safely and anonymously if you wish",
    lead: "Do you know of a crime where you live — drug dealing, theft, fraud, gambling, street racing, illegal sand mining…? Report it to the police here. You do not have to give your name.",
    ctaReport: "Report a tip",
    ctaFollowUp: "I have a tracking code",
    stepsTitle: "Where your tip goes",
    steps: [
      "You describe what you saw: what, where and when. You can add photos.",
      "You get a 16-digit tracking code. Write it down — it cannot be recovered.",
      "Police officers where it happened read your tip and may ask you questions through this site.",
      "Use the tracking code to see what happened to your tip and to answer their questions.",
    ],
    anonymityTitle: "How we protect you",
    anonymityRecorded: "What is kept: what you send, your photos (with location and device data removed), and the time we received it, to the minute.",
    anonymityNotRecorded: "What is not kept: your IP address, your phone or browser type. This site loads nothing from anywhere else.",
    anonymityIdentity: "If you leave your name or phone number, it is encrypted; officers see it only when needed, and every look is recorded.",
    anonymityReceipt: "Your tracking code is not stored in readable form: nobody, not even us, can look it up for you.",
    tipsTitle: "To stay safer",
    tips: [
      "Use your own device, not one at work or in an internet café.",
      "Do not tell others that you reported.",
      "For more privacy you can use the Tor Browser; this site works with JavaScript turned off.",
    ],
  },
  error: {
    title: "Something went wrong",
    notFoundTitle: "Page not found",
    notFound: "The page you are looking for does not exist or has moved.",
    generic: "The system ran into a problem. Tips you already sent are stored safely. Please try again in a few minutes.",
    formTitle: "The form could not be sent",
    formTooLarge: "What was sent is too large. Go back, shorten it and send it again.",
    formUnreadable: "What was sent could not be read. Go back, reload the page and send it again.",
    backToWork: "Back to your work",
    backHome: "Back to the home page",
  },
  footer: {
    note: "Tin Báo — serving the all-people movement to protect national security.",
    privacy: "No IP addresses kept, no outside services used.",
  },
};
